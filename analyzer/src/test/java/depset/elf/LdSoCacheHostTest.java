package depset.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The cache parser on this machine's cache, checked against {@code ldconfig -p}, and on every cut of it. */
@Tag("host")
class LdSoCacheHostTest {
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
}
