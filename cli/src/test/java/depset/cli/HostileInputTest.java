package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.manifest.ManifestProcess;
import depset.manifest.Reason;
import depset.meta.SourceRoot;
import depset.trace.FileNames;
import depset.trace.Phase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regression corpus of the hostile-input probe (issue 17): one test per numbered item, each
 * failing on the code before the fix. Every bad input must end with its documented exit code and
 * one line on stderr, no stack trace, nothing written outside the target and no partial output.
 */
@Tag("unit")
@Timeout(120)
class HostileInputTest {
    @TempDir
    Path dir;
    Path src;
    Path set;

    /** A source root with /etc/a and a set of it. */
    @BeforeEach
    void sourceAndSet() throws IOException {
        src = Files.createDirectories(dir.resolve("src"));
        Files.createDirectories(src.resolve("etc"));
        Files.writeString(src.resolve("etc/a"), "a\n");
        set = writeSet(dir.resolve("set.json"), "/etc/a");
    }

    private Path writeSet(Path file, String... paths) throws IOException {
        SourceRoot root = SourceRoot.of(src);
        List<ManifestEntry> entries = new ArrayList<>();
        for (String p : paths) {
            entries.add(root.entry(p, List.of(new Reason("test", 0, null, null))));
        }
        ManifestJson.write(Manifest.of(src.toString(), "strict", List.of(), List.of("/bin/true"), List.of(), entries), file);
        return file;
    }

    /** A run that failed as bad input should: the code, one line, no stack trace, no "internal error". */
    private static void badInput(CliRun r, int code) {
        assertThat(r.exit()).as(r.err()).isEqualTo(code);
        // A usage error (2) adds picocli's "Try 'depset … --help'." line.
        assertThat(r.err().strip().lines().filter(l -> !l.startsWith("Try 'depset"))).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("depset: ").doesNotContain("internal error").doesNotContain("\tat ");
        // Nor the insides of Java or Jackson: a type's name, a setting's, a NullPointerException's text.
        assertThat(r.err()).doesNotContain("java.", "[Source:", "Feature", "Cannot invoke");
    }

    private Path text(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private String setText() throws IOException {
        return Files.readString(set);
    }

    // 1. build --oci DIR through a symlink
    @Test
    void item1_ociThroughASymlinkIsRefused() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.writeString(real.resolve("index.json"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        badInput(CliRun.of("build", set.toString(), "--oci", link.toString()), 3);
        assertThat(Files.readString(real.resolve("index.json"))).isEqualTo("keep");
        assertThat(real.resolve("blobs")).doesNotExist();
    }

    // 2. build --to SRC --force deletes the source
    @Test
    void item2_aTargetThatIsContainsOrIsInsideTheSourceIsRefused() throws Exception {
        Path a = src.resolve("etc/a");
        java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(a);
        List<String[]> targets = List.of(new String[] {"--to", src.toString()}, new String[] {"--to", dir.toString()},
                new String[] {"--to", src.resolve("etc").toString()}, new String[] {"--tar", a.toString()});
        for (String[] t : targets) {
            // Each case on the whole source, as the set recorded it: a case run after another emptied the
            // source would be refused for the missing file, not for its target.
            Files.createDirectories(a.getParent());
            Files.writeString(a, "a\n");
            Files.setLastModifiedTime(a, mtime);
            CliRun r = CliRun.of("build", set.toString(), t[0], t[1], "--force");
            badInput(r, 3);
            assertThat(r.err()).as(String.join(" ", t)).contains("the source root");
            assertThat(Files.readString(a)).as(String.join(" ", t)).isEqualTo("a\n");
            assertThat(src.resolve("etc/etc")).as(String.join(" ", t)).doesNotExist();
        }
    }

    // 3. the secret scanner reads outside the root
    @Test
    void item3_theSecretScannerReadsOnlyInsideTheRootAsBuildDoes() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n");
        Files.createSymbolicLink(src.resolve("a"), outside);
        String entry = "{\"gid\":0,\"mode\":384,\"mtime\":0,\"path\":\"/a/key.pem\",\"reasons\":[{\"pid\":0,\"rule\":\"t\"}],"
                + "\"size\":60,\"type\":\"FILE\",\"uid\":0}";
        Path below = text("below.json", setText().replaceFirst("\"entries\" : \\[", "\"entries\" : [" + entry + ","));
        CliRun r = CliRun.of("secrets", below.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("key.pem");
        Path climbing = text("climb.json", setText().replace("\"/etc/a\"", "\"/etc/../../outside/key.pem\""));
        badInput(CliRun.of("secrets", climbing.toString()), 3);
        badInput(CliRun.of("report", climbing.toString(), "-o", dir.resolve("r.html").toString()), 3);
    }

    // 4. -o follows a symlink; a failed write leaves a partial file
    @Test
    void item4_outputNeverFollowsASymlinkWithoutForce() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("out.json"), victim);
        Path trace = HostileTraces.simple().root(src.toString()).write(dir.resolve("t.jsonl"));
        badInput(CliRun.of("analyze", trace.toString(), "-o", link.toString()), 3);
        badInput(CliRun.of("merge", set.toString(), set.toString(), "-o", link.toString()), 3);
        badInput(CliRun.of("show", set.toString(), "-o", link.toString()), 3);
        badInput(CliRun.of("report", set.toString(), "-o", link.toString()), 3);
        assertThat(Files.readString(victim)).isEqualTo("keep");
        CliRun forced = CliRun.of("merge", set.toString(), set.toString(), "-o", link.toString(), "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.readString(victim)).isEqualTo("keep");
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(ManifestJson.read(link).entries()).hasSize(1);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    // 5. a 2 GB manifest: OutOfMemoryError, exit 1 ("differ")
    @Test
    void item5_aHugeManifestOrTraceIsRefusedWithoutReadingItIntoMemory() throws Exception {
        Path z = dir.resolve("z.json");
        try (RandomAccessFile f = new RandomAccessFile(z.toFile(), "rw")) {
            f.setLength(2L << 30); // sparse: no disk, no time
        }
        badInput(CliRun.of("diff", z.toString(), set.toString()), 3);
        badInput(CliRun.of("why", z.toString(), "/etc/a"), 3);
        Path zeros = dir.resolve("z.jsonl");
        try (RandomAccessFile f = new RandomAccessFile(zeros.toFile(), "rw")) {
            f.setLength(100L << 20); // a line longer than any trace line, read only up to the limit
        }
        badInput(CliRun.of("analyze", zeros.toString(), "-o", dir.resolve("o.json").toString()), 3);
        assertThat(dir.resolve("o.json")).doesNotExist();
    }

    // 6. deep paths and deep fork chains: StackOverflowError, OOM, 90 s
    @Test
    void item6_deepPathsAreRefusedAndDeepForkChainsShowWithoutRecursion() throws Exception {
        String deep = "/d".repeat(20_000);
        Path m = text("deep.json", setText().replace("\"/etc/a\"", "\"" + deep + "\""));
        badInput(CliRun.of("build", m.toString(), "--to", dir.resolve("t").toString()), 3);
        badInput(CliRun.of("build", m.toString(), "--tar", dir.resolve("t.tar").toString()), 3);
        Path m2 = text("deeper.json", setText().replace("\"/etc/a\"", "\"" + "/d".repeat(200_000) + "\""));
        badInput(CliRun.of("show", m2.toString()), 3);
        assertThat(dir.resolve("t")).doesNotExist();

        Path chain = forkChain(dir.resolve("chain.jsonl"), 100_001);
        long start = System.nanoTime();
        CliRun r = CliRun.of("show", chain.toString(), "--format", "tree");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("100001 processes").contains("[level 100000]");
        // Lines stay short past the drawn levels: output linear in the depth, not quadratic.
        assertThat((long) r.out().length()).isLessThan(100_001L * 300);
        assertThat(System.nanoTime() - start).isLessThan(60_000_000_000L);
    }

    /** A trace of a chain of {@code n} processes, each forked by the one before, written as a stream. */
    static Path forkChain(Path file, int n) throws IOException {
        try (var w = Files.newBufferedWriter(file)) {
            w.write("{\"k\":\"header\",\"format\":\"depset-trace\",\"version\":1,\"sourceRoot\":\"/\",\"command\":[]}\n");
            w.write("{\"k\":\"phase\",\"seq\":1,\"time\":0,\"pid\":1,\"phase\":\"run\",\"step\":\"\"}\n");
            for (int i = 1; i < n; i++) {
                w.write("{\"k\":\"fork\",\"seq\":" + (i + 1) + ",\"time\":0,\"ppid\":" + i + ",\"ptid\":" + i
                        + ",\"pid\":" + (i + 1) + ",\"tid\":" + (i + 1) + "}\n");
            }
            w.write("{\"k\":\"footer\",\"events\":" + n + ",\"fileEvents\":0,\"inodeEvents\":0,\"processEvents\":" + n
                    + ",\"exitStatus\":0}\n");
        }
        return file;
    }

    // 7. an 80 KB trace became 4 × 805 MB of manifests
    @Test
    void item7_aPathPastPathMaxIsRefusedSoNoManifestGrowsWithTheSquareOfItsDepth() throws Exception {
        Path trace = HostileTraces.simple().root(src.toString()).file("/d".repeat(20_000), 10).write(dir.resolve("t.jsonl"));
        Path out = dir.resolve("o.json");
        badInput(CliRun.of("analyze", trace.toString(), "-s", "all-strategies", "-o", out.toString()), 3);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("o."));
        }
    }

    // 8. exit 70 "internal error" on malformed input
    @Test
    void item8_malformedInputIsExit3NotAnInternalError() throws Exception {
        Path o = dir.resolve("o.json");
        for (HostileTraces t : List.of(
                HostileTraces.simple().file("/etc/b", -5),
                HostileTraces.simple().inode(""),
                HostileTraces.simple().inode("etc/rel"),
                HostileTraces.simple().event("\"k\":\"file\",\"time\":1,\"op\":\"open\",\"path\":\"rel/x\",\"ino\":9,"
                        + "\"dev\":1,\"tid\":10,\"pid\":10,\"uid\":0,\"gid\":0,\"flags\":0,\"result\":0"),
                HostileTraces.simple().root("/srv\u0000/root"))) {
            CliRun r = CliRun.of("analyze", t.write(dir.resolve("bad.jsonl")).toString(), "-o", o.toString());
            badInput(r, 3);
            assertThat(r.out()).isEmpty(); // not even the table's header
        }
        assertThat(o).doesNotExist();
        Path noRoot = text("noroot.json", setText().replaceFirst("\"sourceRoot\" : \"[^\"]*\",", ""));
        Path nul = text("nul.json", setText().replace("\"/etc/a\"", "\"/etc/a\\u0000b\""));
        for (String command : List.of("licenses", "secrets")) {
            badInput(CliRun.of(command, noRoot.toString()), 3);
            badInput(CliRun.of(command, nul.toString()), 3);
        }
        badInput(CliRun.of("report", noRoot.toString(), "-o", dir.resolve("r.html").toString()), 3);
        badInput(CliRun.of("report", nul.toString(), "-o", dir.resolve("r.html").toString()), 3);
        badInput(CliRun.of("build", set.toString(), "--tar", "/", "--force"), 3);
        badInput(CliRun.of("build", set.toString(), "--tar", dir.resolve("x.tar").toString(),
                "--mtime-epoch", "9223372036854775807"), 2);
        assertThat(dir.resolve("r.html")).doesNotExist();
    }

    @Test
    void item8_jsonOfTheWrongShapeIsNamedByItsFieldNotByJavasTypes() throws Exception {
        String text = setText();
        Path cut = text("cut.json", text.substring(0, text.length() / 2));
        Path array = text("array.json", text.replaceFirst("\"entries\" : \\[", "\"entries\" : 7, \"more\" : ["));
        Path mode = text("mode.json", text.replaceFirst("\"mode\" : \\d+", "\"mode\" : \"rw\""));
        Path noHosts = text("bad.flows.json", "{\"format\": \"depset-flows\", \"version\": 1, \"important\": {},"
                + " \"flows\": []}");
        Path verify = text("verify.json", "{\"pass\": true,");
        List<CliRun> runs = List.of(CliRun.of("why", cut.toString(), "/etc/a"), CliRun.of("why", array.toString(), "/etc/a"),
                CliRun.of("why", mode.toString(), "/etc/a"), CliRun.of("analyze", noHosts.toString()),
                CliRun.of("report", set.toString(), "--verify", verify.toString(), "-o", dir.resolve("r.html").toString()));
        for (CliRun r : runs) {
            badInput(r, 3);
        }
        assertThat(runs.get(0).err()).contains("the document ends inside an object or array (line");
        assertThat(runs.get(1).err()).contains("field entries should be an array (line");
        assertThat(runs.get(2).err()).contains("field entries[0].mode should be a number (line");
        assertThat(runs.get(3).err()).contains("no \"hosts\" field");
        assertThat(runs.get(4).err()).contains("the document ends inside an object or array");
    }

    // 9. names that are not UTF-8
    @Test
    void item9_namesThatAreNotUtf8AreWrittenAndFound() throws Exception {
        String latin1 = FileNames.fromBytes("/etc/caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        Path m = text("latin1.json", setText().replace("\"/etc/a\"", HostileTraces.json(latin1)));
        CliRun report = CliRun.of("report", m.toString(), "-o", dir.resolve("r.html").toString());
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(Files.readString(dir.resolve("r.html"))).contains("</html>");
        Path t = HostileTraces.simple().root(src.toString()).file(latin1, 10).write(dir.resolve("t.jsonl"));
        CliRun dot = CliRun.of("show", t.toString(), "--format", "dot", "--files", "-o", dir.resolve("g.dot").toString());
        assertThat(dot.exit()).as(dot.err()).isZero();
        assertThat(Files.readString(dir.resolve("g.dot"))).contains("caf\\\\xe9").endsWith("}\n");
        // The JVM decodes a \xe9 argument to U+FFFD; the bytes come back from /proc/self/cmdline.
        byte[] cmdline = "java\0-jar\0depset.jar\0why\0set.json\0/etc/caf\u00e9\0".getBytes(StandardCharsets.ISO_8859_1);
        String[] args = RawArguments.decode(cmdline, new String[] {"why", "set.json", "/etc/caf\uFFFD"});
        assertThat(args[2]).isEqualTo(latin1);
        CliRun why = CliRun.of("why", m.toString(), args[2]);
        assertThat(why.exit()).as(why.out() + why.err()).isZero();
    }

    // 10. control characters reach the terminal raw
    @Test
    void item10_everyNameReachesTheTerminalPrintable() throws Exception {
        String evil = "/etc/x\u001b[31mred\nfake line";
        Path m = text("evil.json", setText().replace("\"/etc/a\"", HostileTraces.json(evil)));
        List<CliRun> runs = List.of(CliRun.of("diff", set.toString(), m.toString()), CliRun.of("why", m.toString(), evil),
                CliRun.of("show", m.toString(), "--format", "tree", "--files"), CliRun.of("licenses", m.toString()),
                CliRun.of("why", set.toString(), evil));
        for (CliRun r : runs) {
            assertThat(r.out() + r.err()).doesNotContain("\u001b").doesNotContain("\nfake");
        }
        assertThat(runs.get(0).out()).contains("\\x1b[31mred\\x0afake line");
    }

    // 11. DOT injection through a backslash
    @Test
    void item11_dotLabelsEscapeBackslashes() throws Exception {
        String name = "/etc/a\\";
        Path t = HostileTraces.simple().root(src.toString()).file(name, 10).write(dir.resolve("t.jsonl"));
        CliRun r = CliRun.of("show", t.toString(), "--format", "dot", "--files");
        assertThat(r.exit()).as(r.err()).isZero();
        // The label's closing quote is a quote, not an escaped one: each label is one quoted string.
        assertThat(r.out()).contains("label=\"/etc/a\\\\\\\\\"");
        for (String line : r.out().lines().filter(l -> l.contains("label=")).toList()) {
            assertThat(line.replace("\\\\", "").replace("\\\"", "").chars().filter(c -> c == '"').count() % 2)
                    .as(line).isZero();
        }
    }

    // 12. out-of-range numbers cut silently
    @Test
    void item12_numbersOutOfTheirRangeAreRefused() throws Exception {
        Path o = dir.resolve("o.json");
        String trace = HostileTraces.simple().root(src.toString()).text("0");
        for (String bad : List.of(trace.replace("\"pid\":10,\"uid\"", "\"pid\":" + ((1L << 32) + 3702) + ",\"uid\""),
                trace.replace("\"exitStatus\":0", "\"exitStatus\":" + (1L << 40)),
                trace.replace("\"mode\":420", "\"mode\":" + (1L << 31)))) {
            badInput(CliRun.of("analyze", text("n.jsonl", bad).toString(), "-o", o.toString()), 3);
        }
        assertThat(o).doesNotExist();
        String s = setText();
        for (String bad : List.of(s.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : \"1\""),
                s.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 1.5"),
                s.replaceFirst("\"mode\" : \\d+", "\"mode\" : \"0755\""),
                s.replaceFirst("\"size\" : \\d+", "\"size\" : -1"))) {
            badInput(CliRun.of("diff", text("n.json", bad).toString(), set.toString()), 3);
        }
        Path big = text("big.json", s.replaceFirst("\"size\" : \\d+", "\"size\" : " + (Long.MAX_VALUE / 2 + 1)));
        CliRun merge = CliRun.of("merge", big.toString(), big.toString(), "-o", o.toString());
        // One set's size is possible; the two sets share the path, so the merge holds it once.
        assertThat(merge.err()).doesNotContain(" -");
        Path two = writeSet(dir.resolve("two.json"), "/etc/a", "/etc");
        String overflow = Files.readString(two).replaceAll("\"size\" : \\d+", "\"size\" : " + (Long.MAX_VALUE / 2 + 1))
                .replace("\"type\" : \"DIRECTORY\"", "\"type\" : \"FILE\"");
        badInput(CliRun.of("diff", text("ovf.json", overflow).toString(), set.toString()), 3);
    }

    // Issue 19: a phase is one of the four the formats list; any other is bad input, not a new phase.
    @Test
    void aPhaseTheFormatsDoNotListIsBadInput() throws Exception {
        Path o = dir.resolve("o.json");
        String trace = HostileTraces.simple().root(src.toString()).text("0");
        assertThat(trace).contains("\"phase\":\"run\"");
        badInput(CliRun.of("analyze", text("p.jsonl", trace.replace("\"phase\":\"run\"", "\"phase\":\"setup\"")).toString(),
                "-o", o.toString()), 3);
        assertThat(o).doesNotExist();
        Path withProcess = dir.resolve("p.json");
        ManifestJson.write(ManifestJson.read(set).withProcesses(List.of(
                new ManifestProcess(1, 0, "/bin/true", List.of("true"), Phase.RUN))), withProcess);
        String m = Files.readString(withProcess);
        assertThat(m).contains("\"phase\" : \"run\"");
        badInput(CliRun.of("why", text("p.json", m.replace("\"phase\" : \"run\"", "\"phase\" : \"setup\"")).toString(),
                "/etc/a"), 3);
    }

    // 13. non-normal names from inode events reach manifests
    @Test
    void item13_theTraceReaderRefusesNamesThatAreNotNormal() throws Exception {
        Path o = dir.resolve("o.json");
        for (String name : List.of("/..", "/../../etc/passwd", "//", "/etc/", "/.", "/etc//a")) {
            Path t = HostileTraces.simple().root(src.toString()).inode(name).write(dir.resolve("t.jsonl"));
            badInput(CliRun.of("analyze", t.toString(), "-o", o.toString()), 3);
        }
        assertThat(o).doesNotExist();
    }

    // 14. trailing garbage accepted
    @Test
    void item14_textAfterTheEndIsRefused() throws Exception {
        String trace = HostileTraces.simple().root(src.toString()).text("0");
        Path o = dir.resolve("o.json");
        badInput(CliRun.of("analyze", text("g.jsonl", trace + "garbage").toString(), "-o", o.toString()), 3);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
            z.write(trace.getBytes(StandardCharsets.UTF_8));
        }
        gz.write("garbage".getBytes(StandardCharsets.UTF_8));
        Path g = Files.write(dir.resolve("g.jsonl.gz"), gz.toByteArray());
        badInput(CliRun.of("analyze", g.toString(), "-o", o.toString()), 3);
        assertThat(o).doesNotExist();
        badInput(CliRun.of("diff", text("two.json", setText() + setText()).toString(), set.toString()), 3);
    }

    // 15. errors writing stdout ignored
    @Test
    void item15_aStdoutThatCannotBeWrittenIsAnError() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        StringWriter err = new StringWriter();
        int code = Main.execute(full, new PrintWriter(err, true), "show", set.toString());
        assertThat(code).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(err.toString()).isEqualTo("depset: standard output: cannot write: No space left on device\n");
    }

    @Test
    void item15_aClosedPipeEndsTheCommandQuietlyAsSigpipeWould() throws Exception {
        // As a shell runs `depset show trace --format dot | head -c 1`: the reader leaves after its
        // first byte, long before the graph (well over a pipe's 64 KiB) is written.
        HostileTraces big = HostileTraces.simple().root(src.toString());
        for (int i = 0; i < 3000; i++) {
            big.file("/etc/file-with-a-long-name-" + i, 10);
        }
        Path trace = big.write(dir.resolve("big.jsonl"));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "\"$0\" show \"$1\" --format dot --files"
                + " | head -c 1 >/dev/null; echo \"status ${PIPESTATUS[0]}\" >&2",
                DepsetProcess.LAUNCHER.toString(), trace.toString());
        DepsetProcess.onTheTestsClasses(pb).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(err).isEqualTo("status " + ExitCode.CLOSED_PIPE + "\n");
    }

    // 16. nsswitch.conf flagged as a credential
    @Test
    void item16_policyFilesAreNotCredentials() throws Exception {
        Files.writeString(src.resolve("etc/nsswitch.conf"), "passwd:         files\ngroup:          files\n");
        Path m = writeSet(dir.resolve("ns.json"), "/etc/nsswitch.conf");
        CliRun r = CliRun.of("secrets", m.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).isEmpty();
    }

    // 17. the smaller ones
    @Test
    void item17_smallerOnes() throws Exception {
        // show tells a trace by its fields, not by the first 256 bytes
        String trace = HostileTraces.simple().root(src.toString()).text("0")
                .replaceFirst("\\{\"k\":\"header\",(.*)\\}\n", "{$1,\"host\":\"" + "h".repeat(400) + "\",\"k\":\"header\"}\n");
        Path t = text("long.jsonl", trace.replaceFirst(",\"host\":\"h\"", ""));
        CliRun show = CliRun.of("show", t.toString());
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("cat [10]");
        // all-strategies combines with a strategy
        CliRun all = CliRun.of("analyze", t.toString(), "-s", "all-strategies,strict", "-o", dir.resolve("o.json").toString());
        assertThat(all.exit()).as(all.err()).isZero();
        // query and show agree on a negative depth
        badInput(CliRun.of("query", t.toString(), "--descendants", "10", "--depth", "-1"), 2);
        badInput(CliRun.of("show", t.toString(), "--depth", "-5"), 2);
        // report --verify takes a verify result, not a manifest
        badInput(CliRun.of("report", set.toString(), "--verify", set.toString(), "-o", dir.resolve("r.html").toString()), 3);
        assertThat(dir.resolve("r.html")).doesNotExist();
        // build refuses options that do not apply
        badInput(CliRun.of("build", set.toString(), "--to", dir.resolve("t").toString(), "--tag", "x"), 2);
        assertThat(dir.resolve("t")).doesNotExist();
    }
}
