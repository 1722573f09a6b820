package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.trace.FileNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile file names through {@code depset run} (a real mount) and {@code depset analyze}: the
 * manifest names each file exactly, writing and reading the manifest keeps the name, and
 * {@code depset build} writes the tree and the tar with every name's exact bytes.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class ExactNamesCliTest {
    static final List<byte[]> NAMES = List.of(
            "new\nline".getBytes(StandardCharsets.US_ASCII),
            "ctl\u0001\u001b[0m".getBytes(StandardCharsets.US_ASCII),
            new byte[] {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe},
            new byte[] {'l', 'a', 't', (byte) 0xe9},
            "\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8),
            "b".repeat(255).getBytes(StandardCharsets.US_ASCII),
            "..".repeat(3).getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    @Test
    void theManifestNamesHostileFilesExactly() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path src = Files.createDirectory(dir.resolve("names"));
        List<String> argv = new ArrayList<>(List.of("python3", "-c",
                "import sys\nfor h in sys.argv[2:]:\n  open(sys.argv[1].encode()+b'/'+bytes.fromhex(h),'wb').write(b'x')",
                src.toString()));
        NAMES.forEach(n -> argv.add(HexFormat.of().formatHex(n)));
        Process p = new ProcessBuilder(argv).inheritIO().start();
        assertThat(p.waitFor()).isZero();

        DepsetProcess.Result run = DepsetProcess.run(dir, "run", "--root", "/", "--trace", "t.jsonl", "--",
                "/bin/sh", "-c", "cat \"$0\"/* \"$0\"/.??* >/dev/null", src.toString());
        assertThat(run.status()).as(run.stderr()).isZero();
        DepsetProcess.Result analyze = DepsetProcess.run(dir, "analyze", "-s", "all", "-o", "set.json", "t.jsonl");
        assertThat(analyze.status()).as(analyze.stderr()).isZero();

        Manifest m = ManifestJson.read(dir.resolve("set.json"));
        Path again = dir.resolve("again.json");
        ManifestJson.write(m, again);
        Manifest m2 = ManifestJson.read(again);
        for (byte[] n : NAMES) {
            String path = src + "/" + FileNames.fromBytes(n);
            assertThat(m.entry(path)).as(HexFormat.of().formatHex(n)).isNotNull();
            assertThat(m2.entry(path)).isEqualTo(m.entry(path));
            assertThat(FileNames.toBytes(path)).endsWith(n);
        }
        // The built tree and the tar (as GNU tar extracts it): every name with its bytes, UTF-8 or not.
        DepsetProcess.Result build = DepsetProcess.run(dir, "build", dir.resolve("set.json").toString(), "--to",
                dir.resolve("tree").toString(), "--tar", dir.resolve("set.tar").toString(), "--allow-changed");
        assertThat(build.status()).as(build.stderr()).isZero();
        Files.createDirectory(dir.resolve("untarred"));
        Process untar = new ProcessBuilder("tar", "-x", "-f", dir.resolve("set.tar").toString(), "-C",
                dir.resolve("untarred").toString()).inheritIO().start();
        assertThat(untar.waitFor()).isZero();
        for (Path out : List.of(dir.resolve("tree"), dir.resolve("untarred"))) {
            Process ls = new ProcessBuilder("python3", "-c",
                    "import os,sys\nd=sys.argv[1].encode()\n"
                            + "print(' '.join(sorted(x.hex()+':'+open(d+b'/'+x,'rb').read().hex() for x in os.listdir(d))))",
                    out.toString() + src).start();
            java.util.Set<String> built = java.util.Set.of(new String(ls.getInputStream().readAllBytes(),
                    StandardCharsets.US_ASCII).trim().split(" "));
            assertThat(ls.waitFor()).isZero();
            for (byte[] n : NAMES) {
                assertThat(built).as(out.toString()).contains(HexFormat.of().formatHex(n) + ":78"); // content "x"
            }
        }
        // verify builds the set again and runs the command in it: every name is there, so it passes.
        DepsetProcess.Result verify = DepsetProcess.run(dir, "verify", dir.resolve("set.json").toString(),
                "--allow-changed");
        assertThat(verify.status()).as(verify.stderr()).isZero();
        assertThat(verify.stdout()).startsWith("PASS");
        // The manifest file itself is valid UTF-8: bytes that are not are written as \\udcXX escapes.
        byte[] json = Files.readAllBytes(dir.resolve("set.json"));
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(json)); // throws when not UTF-8
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("bad\\uDCFF\\uDCFE");
    }
}
