package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.natives.LibC;
import depset.trace.FileEvent;
import depset.trace.FileNames;
import depset.trace.InodeEvent;
import depset.trace.Op;
import depset.trace.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names are bytes: hostile ones pass through a real mount and into the trace exactly. Python
 * does the file work because it can name files by bytes (Java's file API cannot).
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class ExactNamesTest {
    /** Hostile names, as bytes: newline, control characters, invalid UTF-8, 255 bytes, dot-names. */
    static final List<byte[]> NAMES = List.of(
            bytes("new\nline"),
            bytes("ctl\u0001\u001b[0m\t"),
            new byte[] {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe},
            new byte[] {'l', 'a', 't', (byte) 0xe9, 'x'},
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // a UTF-16 surrogate in UTF-8: invalid
            new byte[] {(byte) 0xc0, (byte) 0xaf}, // an overlong '/': invalid
            "\u00e9t\u00e9 \ud83d\ude00".getBytes(StandardCharsets.UTF_8), // valid UTF-8
            bytes("a".repeat(255)),
            bytes("..."),
            bytes("..\\.."),
            bytes("\\udcff")); // text that looks like the escape must stay text

    @TempDir
    Path dir;
    /** Native buffers of the name tests, kept reachable: jnr frees one whose object is collected. */
    private final List<Pointer> buffers = new ArrayList<>();

    @Test
    void hostileNamesPassThroughTheMountAndIntoTheTraceExactly() throws Exception {
        List<TraceEvent> events;
        try (MountedTree t = MountedTree.in(dir)) {
            // Create each name through the mount, write its hex as content, read it back, list the directory.
            String py = "import os,sys\n"
                    + "d=sys.argv[1].encode()\n"
                    + "os.mkdir(d+b'/sub')\n"
                    + "for h in sys.argv[2:]:\n"
                    + "  n=bytes.fromhex(h)\n"
                    + "  p=d+b'/sub/'+n\n"
                    + "  with open(p,'wb') as f: f.write(h.encode())\n"
                    + "  with open(p,'rb') as f: assert f.read()==h.encode(), n\n"
                    + "  os.symlink(n, d+b'/sub/L'+n[:200])\n"
                    + "  assert os.readlink(d+b'/sub/L'+n[:200])==n\n"
                    + "print(' '.join(sorted(x.hex() for x in os.listdir(d+b'/sub'))))\n";
            List<String> argv = new ArrayList<>(List.of("python3", "-c", py, t.mnt.toString()));
            NAMES.forEach(n -> argv.add(HexFormat.of().formatHex(n)));
            Commands.Result r = Commands.run(argv.toArray(String[]::new));
            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(Set.of(r.out().trim().split(" "))).isEqualTo(expectedListing());
            // The backing tree holds the very same bytes.
            Commands.Result back = Commands.run("python3", "-c",
                    "import os,sys\nprint(' '.join(sorted(x.hex() for x in os.listdir(sys.argv[1].encode()))))",
                    t.back("sub").toString());
            assertThat(Set.of(back.out().trim().split(" "))).isEqualTo(expectedListing());
            events = t.events();
        }
        Set<String> created = events.stream().filter(e -> e instanceof FileEvent f && f.op() == Op.CREATE)
                .map(e -> ((FileEvent) e).path()).collect(Collectors.toSet());
        Set<String> described = events.stream().filter(e -> e instanceof InodeEvent)
                .map(e -> ((InodeEvent) e).path()).collect(Collectors.toSet());
        Set<String> targets = events.stream().filter(e -> e instanceof InodeEvent i && i.target() != null)
                .map(e -> ((InodeEvent) e).target()).collect(Collectors.toSet());
        for (byte[] n : NAMES) {
            String name = FileNames.fromBytes(n);
            assertThat(FileNames.toBytes(name)).isEqualTo(n);
            assertThat(created).contains("/sub/" + name);
            assertThat(described).contains("/sub/" + name);
            assertThat(targets).contains(name);
        }
    }

    @Test
    void theCStringACallbackGetsBecomesItsBytesUpToTheNul() {
        Pointer p = inNativeMemory(new byte[] {'/', 'a', (byte) 0xff, (byte) 0xc3, (byte) 0xa9, 0x01, 0, 'z'});

        assertThat(ByteNameCallbacks.name(p)).isEqualTo("/a\u00ff\u00c3\u00a9\u0001");
        assertThat(ByteNameCallbacks.name(inNativeMemory(new byte[0]))).isEmpty();
        assertThat(ByteNameCallbacks.name(null)).isNull();
    }

    @Test
    void aCallbacksNameWithoutNulStopsAtPathMax() {
        byte[] x = new byte[5000];
        Arrays.fill(x, (byte) 'x');

        assertThat(ByteNameCallbacks.name(inNativeMemory(x))).hasSize(4096).matches("x+");
    }

    /**
     * The bytes in zeroed native memory with room to spare, as the unbounded pointer a callback
     * gets (a bounded one refuses a search that may run past its end).
     */
    private Pointer inNativeMemory(byte[] bytes) {
        Pointer m = Memory.allocateDirect(LibC.RUNTIME, bytes.length + 4097, true);
        m.put(0, bytes, 0, bytes.length);
        buffers.add(m);
        return Pointer.wrap(LibC.RUNTIME, m.address());
    }

    private static Set<String> expectedListing() {
        Set<String> hex = new TreeSet<>();
        for (byte[] n : NAMES) {
            hex.add(HexFormat.of().formatHex(n));
            byte[] link = new byte[1 + Math.min(n.length, 200)];
            link[0] = 'L';
            System.arraycopy(n, 0, link, 1, link.length - 1);
            hex.add(HexFormat.of().formatHex(link));
        }
        return hex;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.UTF_8);
    }
}
