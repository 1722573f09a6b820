package depset.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The cache parser on this machine's cache (checked against {@code ldconfig -p}) and on broken ones. */
@Tag("unit")
class LdSoCacheTest {
    private static final Path CACHE = Path.of("/etc/ld.so.cache");

    @Test
    void readsThisMachinesCacheAsLdconfigDoes() throws Exception {
        assumeTrue(Files.isRegularFile(CACHE), "this machine has no /etc/ld.so.cache");
        Path ldconfig = Files.isExecutable(Path.of("/sbin/ldconfig")) ? Path.of("/sbin/ldconfig") : Path.of("/usr/sbin/ldconfig");
        assumeTrue(Files.isExecutable(ldconfig), "ldconfig is not installed");
        byte[] bytes = Files.readAllBytes(CACHE);
        assumeTrue(new String(bytes, 0, Math.min(20, bytes.length), StandardCharsets.US_ASCII).equals(LdSoCache.MAGIC_NEW),
                "this machine's cache is not in the new format");
        LdSoCache cache = LdSoCache.parse(bytes, CACHE.toString());
        Process p = new ProcessBuilder(ldconfig.toString(), "-p").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String[] lines = out.split("\n");
        assertThat(lines[0]).startsWith(cache.size() + " libs found");
        int checked = 0;
        for (int i = 1; i < lines.length; i++) {
            // "\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1"
            String line = lines[i].strip();
            int sp = line.indexOf(" (");
            int arrow = line.indexOf(" => ");
            if (sp < 0 || arrow < 0) {
                continue;
            }
            String soname = line.substring(0, sp);
            String path = line.substring(arrow + 4);
            assertThat(cache.lookup(soname)).extracting(LdSoCache.Entry::path).contains(path);
            checked++;
        }
        assertThat(checked).isEqualTo(cache.size());
    }

    @Test
    void everyCutOfTheCacheIsAnErrorOrFewerEntries() throws Exception {
        assumeTrue(Files.isRegularFile(CACHE), "this machine has no /etc/ld.so.cache");
        byte[] bytes = Files.readAllBytes(CACHE);
        for (int len = 0; len < bytes.length; len += 1 + len / 50) {
            try {
                LdSoCache.parse(Arrays.copyOf(bytes, len), "cut");
            } catch (ElfFormatException e) {
                assertThat(e.getMessage()).startsWith("cut: ");
            }
        }
    }

    @Test
    void brokenCachesAreClearErrors() {
        assertThatThrownBy(() -> LdSoCache.parse("hello".getBytes(StandardCharsets.US_ASCII), "c"))
                .isInstanceOf(ElfFormatException.class).hasMessageContaining("not an ld.so.cache");
        ByteBuffer b = ByteBuffer.allocate(48 + 24).order(ByteOrder.LITTLE_ENDIAN);
        b.put(LdSoCache.MAGIC_NEW.getBytes(StandardCharsets.US_ASCII));
        b.putInt(20, 1_000_000);
        assertThatThrownBy(() -> LdSoCache.parse(b.array(), "c")).hasMessageContaining("entries announced");
        b.putInt(20, 1);
        b.putInt(48, 0x0303).putInt(52, 9999).putInt(56, 0);
        assertThatThrownBy(() -> LdSoCache.parse(b.array(), "c")).hasMessageContaining("past the end");
    }

    @Test
    void readsTheNewTableAfterAnOldOne() throws Exception {
        // Old header with one 12-byte entry (16 + 12 = 28, aligned to 32), then a new table of one entry.
        ByteBuffer b = ByteBuffer.allocate(32 + 48 + 24 + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(LdSoCache.MAGIC_OLD.getBytes(StandardCharsets.US_ASCII));
        b.putInt(12, 1);
        b.position(32);
        b.put(LdSoCache.MAGIC_NEW.getBytes(StandardCharsets.US_ASCII));
        b.putInt(32 + 20, 1);
        b.put(32 + 28, (byte) 2);
        int strings = 48 + 24; // offsets count from the new header
        b.putInt(32 + 48, 0x0303).putInt(32 + 52, strings).putInt(32 + 56, strings + 10);
        b.put(32 + strings, "libz.so.1\0/lib/libz.so.1\0".getBytes(StandardCharsets.US_ASCII));
        LdSoCache c = LdSoCache.parse(b.array(), "c");
        assertThat(c.lookup("libz.so.1")).containsExactly(new LdSoCache.Entry("libz.so.1", "/lib/libz.so.1", 0x0303, 0));
    }
}
