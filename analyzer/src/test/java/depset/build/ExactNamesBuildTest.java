package depset.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depset.fsops.PosixFiles;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.sandbox.CommandResolver;
import depset.trace.FileEvent;
import depset.trace.FileNames;
import depset.trace.Op;
import depset.trace.TraceHeader;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names are bytes, and a build writes them exactly: names that are not UTF-8 (0xff 0xfe, a
 * lone Latin-1 byte), with a newline, with control characters, 255 bytes long, and names that only
 * look like "..". The source is made by python3 from the bytes (not by depset), and the built tree,
 * the tar as GNU tar extracts it, and the OCI image's layer as GNU tar and umoci extract it are listed by
 * python3 as bytes: each must hold every name, with the same content and link targets.
 */
@Tag("host")
@EnabledIf(value = "toolsInstalled", disabledReason = "needs python3, GNU tar and umoci on PATH")
class ExactNamesBuildTest {
    /** Relative paths of the source, as hex of their bytes; "d:" a directory, "l:" a symlink (target after '>'). */
    private static final List<String> SOURCE = List.of(
            "d:" + hex("dir\u00ff\u00fe"),
            hex("dir\u00ff\u00fe/in\u00e9side"),
            hex("bad\u00ff\u00fe"),
            hex("lat\u00e9"),
            hex("new\nline"),
            hex("ctl\u0001\u001b[0m"),
            hex("\u00c3\u00a9t\u00c3\u00a9"), // "été" as UTF-8: valid, kept as text
            hex("b".repeat(253) + "\u00ff\u00fe"), // 255 bytes, not UTF-8
            hex("..a"),
            hex("..."),
            hex("back\\slash"),
            "l:" + hex("link\u00ff") + ">" + hex("dir\u00ff\u00fe/in\u00e9side"));

    @TempDir
    Path dir;

    static boolean toolsInstalled() {
        return CommandResolver.onHostPath("python3", "tar", "umoci");
    }

    /** The hex of a string whose chars are bytes (ISO-8859-1). */
    private static String hex(String bytes) {
        return HexFormat.of().formatHex(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String python(String script, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("python3", "-c", script));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor()).as(script).isZero();
        return out;
    }

    /** Makes the source from the hex list: every file's content is its own name's hex. */
    private Path makeSource() throws Exception {
        Path src = Files.createDirectory(dir.resolve("src"));
        python("""
                import os, sys
                root = sys.argv[1].encode()
                for spec in sys.argv[2:]:
                    if spec.startswith('d:'):
                        os.mkdir(root + b'/' + bytes.fromhex(spec[2:]))
                    elif spec.startswith('l:'):
                        name, target = spec[2:].split('>')
                        os.symlink(bytes.fromhex(target), root + b'/' + bytes.fromhex(name))
                    else:
                        with open(root + b'/' + bytes.fromhex(spec), 'wb') as f:
                            f.write(spec.encode())
                """, concat(src.toString(), SOURCE));
        return src;
    }

    private static String[] concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    /**
     * Every name below {@code root} as python3 sees it: "hex(path) kind hex(content or target)", the
     * standard skeleton every built tree gets ({@link Skeleton}) left out.
     */
    private static SortedSet<String> listing(Path root) throws Exception {
        String out = python("""
                import os, sys
                root = sys.argv[1].encode()
                for d, dirs, files in os.walk(root):
                    for n in dirs + files:
                        p = os.path.join(d, n)
                        rel = os.path.relpath(p, root)
                        if os.path.islink(p):
                            print(rel.hex(), 'l', os.readlink(p).hex())
                        elif os.path.isdir(p):
                            print(rel.hex(), 'd', '-')
                        else:
                            print(rel.hex(), 'f', open(p, 'rb').read().hex())
                """, root.toString());
        return new TreeSet<>(out.lines().filter(l -> !Skeleton.contains("/" + new String(
                HexFormat.of().parseHex(l.substring(0, l.indexOf(' '))), java.nio.charset.StandardCharsets.ISO_8859_1)))
                .toList());
    }

    private Manifest manifestOf(Path src, SourceTree source) throws IOException {
        List<ManifestEntry> entries = new ArrayList<>();
        for (String spec : SOURCE) {
            String h = spec.startsWith("d:") || spec.startsWith("l:") ? spec.substring(2) : spec;
            h = h.contains(">") ? h.substring(0, h.indexOf('>')) : h;
            String path = "/" + FileNames.fromBytes(HexFormat.of().parseHex(h));
            SourceFile f = source.stat(path);
            entries.add(new ManifestEntry(path, f.type(), f.mode(), f.uid(), f.gid(), f.size(), f.mtime(), f.target(),
                    null, List.of(new Reason("test", 0, null, null))));
        }
        return Manifest.of(src.toString(), "all", List.of(), List.of("/bin/true"), List.of(), entries);
    }

    private static void untar(InputStream tar, Path into) throws Exception {
        Files.createDirectories(into);
        Process p = new ProcessBuilder("tar", "-x", "-f", "-", "-C", into.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = p.getOutputStream()) {
            tar.transferTo(in);
        }
        assertThat(p.waitFor()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"libc", "jdk only"})
    void theTreeTheTarAndTheOciLayerHoldEveryNameWithItsExactBytes(String files) throws Exception {
        Path src = makeSource();
        SourceTree source = new SourceTree(src, files.equals("libc") ? PosixFiles.system() : PosixFiles.jdkOnly());
        SortedSet<String> expected = listing(src);
        assertThat(expected).hasSize(SOURCE.size());
        // The source is what the list says, to the byte: a 255-byte name, a link to a name that is not UTF-8.
        assertThat(expected).contains(hex("b".repeat(253) + "\u00ff\u00fe") + " f " + hex(hex("b".repeat(253) + "\u00ff\u00fe")),
                hex("link\u00ff") + " l " + hex("dir\u00ff\u00fe/in\u00e9side"));

        Manifest manifest = manifestOf(src, source);
        BuildPlan plan = BuildPlan.of(manifest, source, false);
        assertThat(plan.problems().isEmpty()).isTrue();

        Path tree = dir.resolve("tree");
        TreeWriter.Result r = TreeWriter.into(tree, source, false).write(plan);
        assertThat(r.files()).isEqualTo(SOURCE.size() + plan.items().stream().filter(i -> Skeleton.contains(i.path()))
                .count());
        assertThat(listing(tree)).isEqualTo(expected);

        Path tar = dir.resolve("set.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            new TarWriter(source, 0L).write(plan, out);
        }
        Path fromTar = dir.resolve("from-tar");
        try (InputStream in = Files.newInputStream(tar)) {
            untar(in, fromTar);
        }
        assertThat(listing(fromTar)).isEqualTo(expected);

        Path oci = dir.resolve("oci");
        OciWriter.Result image = new OciWriter(source, 0L).write(plan, oci, "latest", false);
        Path layer = oci.resolve("blobs/sha256/" + image.layer().digest().substring("sha256:".length()));
        Path fromOci = dir.resolve("from-oci");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(layer))) {
            untar(in, fromOci);
        }
        assertThat(listing(fromOci)).isEqualTo(expected);
        // umoci (Go's tar reader) unpacks the image to the same bytes.
        Path bundle = dir.resolve("bundle");
        Process umoci = new ProcessBuilder("umoci", "unpack", "--image", oci + ":latest", bundle.toString())
                .redirectErrorStream(true).start();
        String said = new String(umoci.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(umoci.waitFor()).as(said).isZero();
        assertThat(listing(bundle.resolve("rootfs"))).isEqualTo(expected);
    }

    @Test
    void missingFilesListsADirectoryWithTheExactNamesItHolds() throws Exception {
        Path src = makeSource();
        SourceTree source = new SourceTree(src, PosixFiles.jdkOnly());
        Path trace = dir.resolve("t.jsonl");
        String listedDir = "/" + FileNames.fromBytes(HexFormat.of().parseHex(hex("dir\u00ff\u00fe")));
        TraceWriter w = TraceWriter.create(trace, new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION,
                src.toString(), "2026-01-01T00:00:00Z", "box", "test", List.of("/bin/true")));
        w.record(seq -> new FileEvent(seq, seq, Op.READDIR, listedDir, null, 1, 5, 7, 7, 0, 0, 0, 0));
        w.finish(0);
        List<MissingFile> listed = MissingFiles.listedIn(trace, source, p -> false);
        assertThat(listed).extracting(MissingFile::path)
                .containsExactly("/" + FileNames.fromBytes(HexFormat.of().parseHex(hex("dir\u00ff\u00fe/in\u00e9side"))));
        assertThat(source.stat(listed.get(0).path()).size()).isEqualTo(hex("dir\u00ff\u00fe/in\u00e9side").length());
    }

    @Test
    void theSourceSizeWalksCountEveryFileWhateverItsName() throws Exception {
        Path src = makeSource();
        long files = SOURCE.stream().filter(x -> !x.startsWith("d:") && !x.startsWith("l:")).count();
        long bytes = SOURCE.stream().filter(x -> !x.startsWith("d:") && !x.startsWith("l:")).mapToLong(String::length).sum();
        long links = SOURCE.stream().filter(x -> x.startsWith("l:")).count();
        assertThat(SourceSize.measure(src, root -> java.util.List.of(), Duration.ofMinutes(1)).orElseThrow())
                .isEqualTo(new SourceSize(bytes, files, files + links));
        assertThat(SourceSize.of(src, root -> java.util.List.of()).bytes()).isEqualTo(bytes);
    }

    @Test
    void aNameThatClimbsOutIsRefusedOnOneLineAndANameThatOnlyLooksLikeDotDotIsNot() throws Exception {
        Path src = makeSource();
        SourceTree source = new SourceTree(src, PosixFiles.jdkOnly());
        Manifest ok = manifestOf(src, source);
        List<ManifestEntry> entries = new ArrayList<>(ok.entries());
        ManifestEntry any = entries.get(1);
        String climbing = "/" + FileNames.fromBytes("new\nline".getBytes(StandardCharsets.US_ASCII)) + "/../../etc/passwd";
        entries.add(new ManifestEntry(climbing, any.type(), any.mode(), any.uid(), any.gid(), any.size(), any.mtime(),
                null, null, any.reasons()));
        Manifest bad = Manifest.of(src.toString(), "all", List.of(), List.of(), List.of(), entries);
        assertThatThrownBy(() -> BuildPlan.of(bad, source, true))
                .isInstanceOf(SourceMismatchException.class)
                .hasMessageContaining("cannot be written safely")
                .hasMessageContaining("/new\\x0aline/../../etc/passwd (has a \"..\" component)")
                .hasMessageNotContaining("\n");
        assertThat(Files.exists(dir.resolve("etc"))).isFalse();
    }

    @Test
    void aWriteErrorShowsTheNameOnOneLine() throws Exception {
        Path src = makeSource();
        SourceTree source = new SourceTree(src, PosixFiles.jdkOnly());
        BuildPlan plan = BuildPlan.of(manifestOf(src, source), source, false);
        Path tree = Files.createDirectory(dir.resolve("tree"));
        // A --force target holding a directory where the set has the file "new\nline".
        python("import os, sys\nos.mkdir(sys.argv[1].encode() + b'/new\\nline')", tree.toString());
        assertThatThrownBy(() -> TreeWriter.into(tree, source, true).write(plan))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("new\\x0aline: a directory is in the way of a file")
                .hasMessageNotContaining("\n");
    }
}
