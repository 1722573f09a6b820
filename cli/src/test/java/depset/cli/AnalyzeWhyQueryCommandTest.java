package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** depset analyze, why and query on recorded and constructed traces, with their bad-input answers. */
@Tag("unit")
class AnalyzeWhyQueryCommandTest {
    private static final Path TRACES = Path.of("../analyzer/src/test/resources/traces");
    private static final Path LS = TRACES.resolve("ls.jsonl");
    private static final Path SEQUENCE = TRACES.resolve("sequence-constructed.jsonl");

    @TempDir
    Path dir;

    @Test
    void analyzeWritesOneManifestPerStrategyAndASummaryTable() throws Exception {
        Path out = dir.resolve("set.json");
        CliRun run = CliRun.of("analyze", SEQUENCE.toString(), "--strategy", "all-strategies", "--important", "ls",
                "-o", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("strategy", "files", "MB").containsPattern("strict +15 ")
                .containsPattern("all +24 ");
        for (String s : List.of("strict", "system", "execd", "all")) {
            Manifest m = ManifestJson.read(dir.resolve("set." + s + ".json"));
            assertThat(m.strategy()).isEqualTo(s);
            assertThat(m.important()).containsExactly("ls");
        }
        assertThat(Files.exists(out)).isFalse();
        CliRun one = CliRun.of("analyze", LS.toString(), "-o", out.toString());
        assertThat(one.exit()).isZero();
        assertThat(ManifestJson.read(out).entry("/usr/bin/ls")).isNotNull();
    }

    @Test
    void aCutTraceIsAnalysedWithAWarningOrRefusedWithStrictTrace() throws Exception {
        List<String> lines = Files.readAllLines(SEQUENCE);
        Path cut = dir.resolve("cut.jsonl");
        Files.write(cut, lines.subList(0, lines.size() - 1)); // no footer
        CliRun warned = CliRun.of("analyze", cut.toString(), "-o", dir.resolve("s.json").toString());
        assertThat(warned.exit()).isZero();
        assertThat(warned.err()).contains("warning").contains("is cut").contains("the set may be incomplete");
        CliRun refused = CliRun.of("analyze", cut.toString(), "--strict-trace", "-o", dir.resolve("s.json").toString());
        assertThat(refused.exit()).isEqualTo(ExitCode.INCOMPLETE_TRACE);
        assertThat(refused.err()).startsWith("depset: ").contains("--strict-trace");
    }

    @Test
    void aMalformedLineIsAnErrorWithItsLineNumber() throws Exception {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(SEQUENCE));
        lines.set(6, "{\"k\":\"file\",\"seq\":6,");
        Path bad = dir.resolve("bad.jsonl");
        Files.write(bad, lines);
        CliRun run = CliRun.of("analyze", bad.toString(), "-o", dir.resolve("s.json").toString());
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("bad.jsonl:7:").doesNotContain("Exception");
    }

    @Test
    void anImportantProcessThatMatchesNothingListsTheProcessesSeen() {
        CliRun run = CliRun.of("analyze", SEQUENCE.toString(), "--important", "apache2", "-o",
                dir.resolve("s.json").toString());
        assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("no process matches \"apache2\"").contains("helper, ls, pid 1, pid 50, rc, sh");
        CliRun unknown = CliRun.of("analyze", SEQUENCE.toString(), "--strategy", "fastest");
        assertThat(unknown.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("unknown strategy \"fastest\"");
    }

    @Test
    void whyPrintsTheChainAndWhyNot() throws Exception {
        Path set = dir.resolve("set.json");
        assertThat(CliRun.of("analyze", SEQUENCE.toString(), "--important", "ls", "-o", set.toString()).exit()).isZero();
        CliRun in = CliRun.of("why", set.toString(), "/usr/lib/libc.so.6");
        assertThat(in.exit()).isZero();
        assertThat(in.out()).contains("is in the strict set").contains("by process 31 /bin/ls (ls /) [run]: open,read")
                .contains("started by process 30 /bin/sh");
        CliRun out = CliRun.of("why", set.toString(), "/etc/helper.conf");
        assertThat(out.exit()).isEqualTo(ExitCode.NEGATIVE);
        assertThat(out.out()).contains("--trace");
        CliRun traced = CliRun.of("why", set.toString(), "/etc/helper.conf", "--trace", SEQUENCE.toString());
        assertThat(traced.exit()).isEqualTo(ExitCode.NEGATIVE);
        assertThat(traced.out()).contains("The all strategy would add it").contains("process 32 /usr/bin/helper");
    }

    @Test
    void queryAnswersTheSeedsOperations() {
        CliRun desc = CliRun.of("query", SEQUENCE.toString(), "--descendants", "sh");
        assertThat(desc.exit()).isZero();
        assertThat(desc.out()).contains("ls /").contains("helper").doesNotContain("/etc/init.d/rc");
        CliRun anc = CliRun.of("query", SEQUENCE.toString(), "--ancestors", "ls", "--depth", "1");
        assertThat(anc.out().strip().lines()).singleElement().asString().contains("sh -c ls /; helper");
        CliRun who = CliRun.of("query", SEQUENCE.toString(), "--who-touched", "/usr/lib/libc.so.6");
        assertThat(who.out()).contains("open,read").contains("ls /").contains("sh -c");
        CliRun touched = CliRun.of("query", SEQUENCE.toString(), "--touched-by", "helper");
        assertThat(touched.out()).contains("/etc/helper.conf").contains("/usr/bin/helper");
        CliRun path = CliRun.of("query", SEQUENCE.toString(), "--path", "helper", "/bin/ls");
        assertThat(path.exit()).isZero();
        assertThat(path.out()).contains("process 32 /usr/bin/helper").contains("<--fork--").contains("file /bin/ls");
        CliRun none = CliRun.of("query", SEQUENCE.toString(), "--touched-by", "nginx");
        assertThat(none.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(none.err()).contains("no process matches \"nginx\"");
    }
}
