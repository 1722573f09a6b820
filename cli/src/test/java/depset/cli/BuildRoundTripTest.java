package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.trace.FileType;
import depset.sandbox.CommandResolver;
import depset.sandbox.HostChecks;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code depset build} on a constructed source with every file type: the tree, the tar (extracted by
 * GNU tar) and the OCI image (unpacked by umoci) hold exactly the named entries and their parents,
 * with their metadata, and nothing else. Needs root (owners, setuid, capabilities): in the tier
 * that needs root, "fuse", though it mounts nothing.
 */
@Tag("fuse")
@org.junit.jupiter.api.Timeout(120)
@EnabledIf(value = "rootWithTools", disabledReason = "needs root (files owned by others) and tar, umoci, setcap, mkfifo")
class BuildRoundTripTest {
    @TempDir
    static Path work;
    static Path source;
    static Path manifest;
    static Map<String, String> expectedNanos;
    static Map<String, String> expectedSeconds;

    static boolean rootWithTools() {
        return HostChecks.isRoot() && CommandResolver.onHostPath("tar", "umoci", "setcap", "mkfifo");
    }

    @BeforeAll
    static void makeSource() throws Exception {
        source = work.resolve("source");
        SampleSource.create(source);
        manifest = work.resolve("set.json");
        ManifestJson.write(SampleSource.manifest(source, List.of("/bin/tool", "--flag")), manifest);
        List<String> expected = new ArrayList<>(SampleSource.LISTED);
        expected.addAll(SampleSource.PARENTS);
        expectedNanos = TreeSnapshot.of(source, expected, true);
        expectedSeconds = TreeSnapshot.of(source, expected, false);
    }

    record Run(int code, String out, String err) {
    }

    static Run depset(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void treeHoldsExactlyTheEntriesWithTheirMetadata() throws Exception {
        Path tree = work.resolve("tree");
        Run r = depset("build", manifest.toString(), "--from", source.toString(), "--to", tree.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(TreeSnapshot.of(tree, true)).isEqualTo(expectedNanos);
        // An independent reading of the capability, and sparseness kept: 10 MB apparent, a few kB on disk.
        assertThat(SampleSource.run("getcap", tree.resolve("bin/cap").toString())).contains("cap_net_bind_service=ep");
        assertThat(Long.parseLong(SampleSource.run("stat", "-c", "%b", tree.resolve("data/sparse").toString()).trim()))
                .isLessThan(200);
        assertThat(Files.size(tree.resolve("data/sparse"))).isEqualTo(10L << 20);
        assertThat(r.out()).contains("largest files:").contains("/data/sparse").contains("of the source root's");
    }

    @Test
    void tarExtractedByGnuTarHoldsExactlyTheEntries() throws Exception {
        for (String name : List.of("set.tar", "set.tar.gz")) {
            Path tar = work.resolve(name);
            Run r = depset("build", manifest.toString(), "--from", source.toString(), "--tar", tar.toString());
            assertThat(r.code()).as(r.err()).isZero();
            Path out = Files.createDirectories(work.resolve("untar-" + name));
            SampleSource.run("tar", "--xattrs", "--xattrs-include=*", "--numeric-owner", "-xpf", tar.toString(),
                    "-C", out.toString());
            assertThat(TreeSnapshot.of(out, false)).isEqualTo(expectedSeconds);
            assertThat(SampleSource.run("getcap", out.resolve("bin/cap").toString()))
                    .contains("cap_net_bind_service=ep");
        }
    }

    @Test
    void tarAndOciAreByteReproducible() throws Exception {
        byte[][] tars = new byte[2][];
        String[] index = new String[2];
        for (int i = 0; i < 2; i++) {
            Path tar = work.resolve("repro" + i + ".tar.gz");
            Path oci = work.resolve("repro-oci" + i);
            Run r = depset("build", manifest.toString(), "--from", source.toString(), "--tar", tar.toString(),
                    "--oci", oci.toString(), "--mtime-epoch", "1700000000");
            assertThat(r.code()).as(r.err()).isZero();
            tars[i] = Files.readAllBytes(tar);
            index[i] = Files.readString(oci.resolve("index.json"));
        }
        assertThat(tars[0]).isEqualTo(tars[1]);
        assertThat(index[0]).isEqualTo(index[1]);
        // The fixed mtime is every entry's.
        assertThat(SampleSource.run("tar", "-tvzf", work.resolve("repro0.tar.gz").toString(), "--full-time")
                .lines().filter(l -> !l.contains("2023-11-14 22:13:20"))).isEmpty();
    }

    @Test
    void ociImageUnpackedByUmociHoldsExactlyTheEntries() throws Exception {
        Path oci = work.resolve("oci");
        Run r = depset("build", manifest.toString(), "--from", source.toString(), "--oci", oci.toString(),
                "--tag", "v1");
        assertThat(r.code()).as(r.err()).isZero();
        String inspect = SampleSource.run("skopeo", "inspect", "oci:" + oci + ":v1");
        assertThat(inspect).contains("\"Os\": \"linux\"").contains("PATH=/usr/local/sbin");
        String config = SampleSource.run("skopeo", "inspect", "--config", "oci:" + oci + ":v1");
        assertThat(config).contains("\"Entrypoint\"").contains("/bin/tool").contains("--flag");
        Path bundle = work.resolve("bundle");
        SampleSource.run("umoci", "unpack", "--image", oci + ":v1", bundle.toString());
        Map<String, String> unpacked = TreeSnapshot.of(bundle.resolve("rootfs"), false);
        assertThat(unpacked).isEqualTo(expectedSeconds);
    }

    @Test
    void refusesANonEmptyTargetAndNeverWritesThroughASymlink() throws Exception {
        Path tree = Files.createDirectories(work.resolve("busy"));
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        Files.createSymbolicLink(tree.resolve("bin"), elsewhere);
        Run refused = depset("build", manifest.toString(), "--from", source.toString(), "--to", tree.toString());
        assertThat(refused.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("is not empty").contains("--force");
        Run forced = depset("build", manifest.toString(), "--from", source.toString(), "--to", tree.toString(),
                "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(elsewhere).isEmptyDirectory();
        assertThat(Files.isSymbolicLink(tree.resolve("bin"))).isFalse();
        assertThat(TreeSnapshot.of(tree, true)).isEqualTo(expectedNanos);
    }

    @Test
    void refusesAPathThatClimbsOut() throws Exception {
        Manifest good = ManifestJson.read(manifest);
        List<ManifestEntry> entries = new ArrayList<>(good.entries());
        entries.add(new ManifestEntry("/data/../../etc/passwd", FileType.FILE, 0644, 0, 0, 1, 0, null, null,
                List.of(new Reason("test", 0, null, null))));
        Path bad = work.resolve("climb.json");
        ManifestJson.write(Manifest.of(source.toString(), "strict", List.of(), List.of(), List.of(), entries), bad);
        Path tree = work.resolve("climb-tree");
        Run r = depset("build", bad.toString(), "--from", source.toString(), "--to", tree.toString(),
                "--allow-changed");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        // The manifest reader refuses it, before build plans anything (one path rule for every reader).
        assertThat(r.err()).contains("/data/../../etc/passwd").contains("has a \"..\" component");
        assertThat(tree).doesNotExist();
    }

    @Test
    void aChangedOrMissingSourceIsListedAndBuildsOnlyWhenAllowed() throws Exception {
        Manifest good = ManifestJson.read(manifest);
        List<ManifestEntry> entries = new ArrayList<>();
        for (ManifestEntry e : good.entries()) {
            entries.add(e.path().equals("/bin/tool")
                    ? new ManifestEntry(e.path(), e.type(), e.mode(), e.uid(), e.gid(), e.size() + 1, e.mtime(),
                    e.target(), e.linkGroup(), e.reasons())
                    : e);
        }
        for (int i = 0; i < 25; i++) {
            entries.add(new ManifestEntry("/gone/f" + i, FileType.FILE, 0644, 0, 0, 1, 0, null, null,
                    List.of(new Reason("test", 0, null, null))));
        }
        Path changed = work.resolve("changed.json");
        ManifestJson.write(Manifest.of(source.toString(), "strict", List.of(), List.of(), List.of(), entries), changed);
        Path tree = work.resolve("changed-tree");
        Run refused = depset("build", changed.toString(), "--from", source.toString(), "--to", tree.toString());
        assertThat(refused.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("25 entries not in the source").contains("and 5 more")
                .contains("1 entry changed in the source since the trace: /bin/tool").contains("--allow-changed");
        assertThat(tree).doesNotExist();
        Run allowed = depset("build", changed.toString(), "--from", source.toString(), "--to", tree.toString(),
                "--allow-changed");
        assertThat(allowed.code()).as(allowed.err()).isZero();
        assertThat(TreeSnapshot.of(tree, true)).isEqualTo(expectedNanos);
    }

    @Test
    void unknownSchemaVersionIsOneClearLine() throws Exception {
        Path v9 = work.resolve("v9.json");
        Files.writeString(v9, Files.readString(manifest).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 9"));
        Run r = depset("build", v9.toString(), "--from", source.toString(), "--to", work.resolve("v9").toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err().strip()).contains("schema version 9 is not supported").doesNotContain("\n");
    }
}
