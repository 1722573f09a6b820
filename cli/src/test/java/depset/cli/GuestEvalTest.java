package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import depset.vm.eval.StracePeer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest tier end to end, as a user runs depset (a separate process: bin/depset starts traced runs
 * in a private mount namespace): the traced sequences record their phases, and the evaluation of the seed's
 * sequences and of the services CI has time for passes the acceptance bar (complete guests, 'all' and 'auto'
 * functional, sizes measured on disk, the peers' rows present).
 */
@Tag("guest")
@EnabledIf(value = "depset.vm.guest.GuestBuilder#canBuildGuests",
        disabledReason = "the guest tier needs root, /dev/fuse, libfuse2 and debootstrap")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class GuestEvalTest {
    @TempDir
    static Path work;

    /**
     * The services' sequences CI evaluates besides ls and LAMP: the three whose guests build and evaluate
     * fastest (docs/evaluation.md; the others run with {@code depset eval --sequences all}).
     */
    static final List<String> SERVICES = List.of("python", "tls", "redis");

    private static Path evalOut;
    private static DepsetProcess.Result eval;
    private static Set<String> reproZipFilesBefore;

    /** Runs depset through bin/depset (a private mount namespace, one JVM) for at most {@code minutes}. */
    static DepsetProcess.Result depset(Path workdir, long minutes, String... args) throws Exception {
        return DepsetProcess.start(workdir, args).await(minutes);
    }

    @BeforeAll
    @Timeout(value = 55, unit = TimeUnit.MINUTES) // builds the guests when they are not cached yet
    static void evaluateTheSequences() throws Exception {
        evalOut = work.resolve("eval");
        reproZipFilesBefore = reproZipFiles();
        eval = depset(work, 50, "eval", "--sequences", "ls,lamp," + String.join(",", SERVICES),
                "--out", evalOut.toString());
    }

    @Test
    void theEvaluationPassesTheAcceptanceBar() throws Exception {
        assertThat(eval.status()).as(eval.stdout() + eval.stderr()).isZero();
        JsonNode doc = new ObjectMapper().readTree(evalOut.resolve("eval.json").toFile());
        List<String> seen = new ArrayList<>();
        for (JsonNode row : doc.get("rows")) {
            String test = row.get("test").asText();
            String strategy = row.get("strategy").asText();
            seen.add(test + "/" + strategy);
            if (strategy.equals("complete guest") || strategy.equals("all") || strategy.equals("auto")) {
                assertThat(row.get("functional").asBoolean()).as(test + " " + strategy + ": " + row).isTrue();
            }
            // ReproZip's row measures its pack; strace's is built like a strategy's set, when strace is installed.
            if (!strategy.equals("reprozip") && !strategy.equals("complete guest")
                    && (!strategy.equals(StracePeer.NAME) || StracePeer.installed())) {
                // Every row's size is measured from its tree on disk.
                assertThat(evalOut.resolve(test).resolve("tree." + strategy).resolve("proc")).isDirectory();
                assertThat(row.get("bytes").asLong()).isPositive();
                assertThat(row.get("compressedBytes").asLong()).isPositive().isLessThan(row.get("bytes").asLong());
                assertThat(evalOut.resolve(test).resolve("set." + strategy + ".json")).isRegularFile();
            }
        }
        assertThat(seen).contains("ls/complete guest", "ls/strict", "ls/system", "ls/execd", "ls/all", "ls/auto",
                "lamp/complete guest", "lamp/strict", "lamp/system", "lamp/execd", "lamp/all", "lamp/auto",
                "ls/reprozip", "ls/strace", "lamp/reprozip", "lamp/strace");
        for (String service : SERVICES) {
            // Every service shows the complete guest, each strategy, auto and the peers' rows.
            assertThat(seen).contains(service + "/complete guest", service + "/strict", service + "/all",
                    service + "/auto", service + "/reprozip", service + "/strace");
        }
        // The table shows what was measured: the lamp/all row's size, compressed size, file count and verdict.
        JsonNode lampAll = null;
        for (JsonNode row : doc.get("rows")) {
            if (row.get("test").asText().equals("lamp") && row.get("strategy").asText().equals("all")) {
                lampAll = row;
            }
        }
        assertThat(lampAll).isNotNull();
        assertThat(Files.readString(evalOut.resolve("eval.md"))).contains(String.format(Locale.ROOT,
                "| lamp | all | %.1f | %.1f | %d | yes |", lampAll.get("bytes").asLong() / 1e6,
                lampAll.get("compressedBytes").asLong() / 1e6, lampAll.get("files").asLong()));
        assertThat(eval.stdout()).contains("| test | strategy | size (MB) |");
    }

    @Test
    void reproZipLeavesNothingInTheMachinesTemporaryDirectory() throws Exception {
        // Its tracer dies of a segmentation fault on some guests (the lamp and tls rows), before the
        // exit handler that removes its certificate's copy can run.
        assertThat(reproZipFiles()).isSubsetOf(reproZipFilesBefore);
    }

    /** ReproZip's temporary files in the machine's temporary directory (Python's: TMPDIR, else /tmp). */
    private static Set<String> reproZipFiles() throws IOException {
        String tmpdir = System.getenv("TMPDIR");
        try (Stream<Path> s = Files.list(Path.of(tmpdir == null || tmpdir.isEmpty() ? "/tmp" : tmpdir))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("rpz_stats_ca_"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void theStrategiesNestBySize() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(evalOut.resolve("eval.json").toFile());
        List<String> tests = new ArrayList<>(List.of("ls", "lamp"));
        tests.addAll(SERVICES);
        for (String test : tests) {
            long previous = 0;
            for (String s : List.of("strict", "system", "execd", "all")) {
                for (JsonNode row : doc.get("rows")) {
                    if (row.get("test").asText().equals(test) && row.get("strategy").asText().equals(s)) {
                        assertThat(row.get("bytes").asLong()).as(test + " " + s).isGreaterThanOrEqualTo(previous);
                        previous = row.get("bytes").asLong();
                    }
                }
            }
        }
    }

    @Test
    void theTracedLampRunRecordsItsPhases() throws Exception {
        Path trace = work.resolve("lamp.jsonl");
        DepsetProcess.Result r = depset(work, 10, "run", "--sequence", "lamp", "--trace", trace.toString());
        assertThat(r.status()).as(r.stderr()).isZero();
        String text = Files.readString(trace);
        assertThat(text).contains("\"phase\":\"boot\",\"step\":\"boot service mariadb start\"")
                .contains("\"phase\":\"work\",\"step\":\"login root\"")
                .contains("\"phase\":\"halt\",\"step\":\"halt service apache2 stop\"")
                .contains("\"k\":\"footer\"");
        assertThat(r.stderr()).contains("lamp: PASS");
    }

    @Test
    void verifyReplaysInABuiltTreeAndNamesWhatIsMissing() throws Exception {
        DepsetProcess.Result ok = depset(work, 5, "verify", "--sequence", "ls", "--tree", evalOut.resolve("ls/tree.all").toString());
        assertThat(ok.status()).as(ok.stdout() + ok.stderr()).isZero();
        assertThat(ok.stdout()).contains("PASS");
        Path empty = Files.createDirectories(work.resolve("empty"));
        for (String d : List.of("proc", "dev", "sys", "run")) {
            Files.createDirectories(empty.resolve(d));
        }
        DepsetProcess.Result bad = depset(work, 5, "verify", "--sequence", "ls", "--tree", empty.toString());
        assertThat(bad.status()).isEqualTo(ExitCode.NEGATIVE);
        assertThat(bad.stdout()).contains("FAIL at line 8 'login root'").contains("/bin/login");
    }

    /**
     * The services' checks look at what the service did, so a file taken out of a working tree fails its
     * step: the system's CA store (the TLS client cannot verify the chain), libyaml's extension module
     * (PyYAML's C loader is gone).
     */
    @Test
    void aServicesCheckFailsWhenAFileIsTakenOut() throws Exception {
        Path tls = brokenCopy("tls", "etc/ssl/certs");
        DepsetProcess.Result noStore = depset(work, 5, "verify", "--sequence", "tls", "--tree", tls.toString());
        assertThat(noStore.status()).as(noStore.stdout() + noStore.stderr()).isEqualTo(ExitCode.NEGATIVE);
        assertThat(noStore.stdout()).contains("FAIL at line 13 'run printf");
        Path yamlModule;
        try (var found = Files.find(evalOut.resolve("python/tree.all/usr/lib/python3/dist-packages/yaml"), 1,
                (f, a) -> f.getFileName().toString().startsWith("_yaml.") && f.toString().endsWith(".so"))) {
            yamlModule = found.findFirst().orElseThrow();
        }
        Path python = brokenCopy("python", evalOut.resolve("python/tree.all").relativize(yamlModule).toString());
        DepsetProcess.Result noModule = depset(work, 5, "verify", "--sequence", "python", "--tree", python.toString());
        assertThat(noModule.status()).as(noModule.stdout() + noModule.stderr()).isEqualTo(ExitCode.NEGATIVE);
        assertThat(noModule.stdout()).contains("FAIL at line 9 'run python3 /opt/depset/report.py'");
    }

    /** A copy of the test's working 'all' tree without {@code path} (a file or a directory). */
    private static Path brokenCopy(String test, String path) throws Exception {
        Path copy = work.resolve(test + "-without-" + path.replace('/', '_'));
        Process cp = new ProcessBuilder("cp", "-a", evalOut.resolve(test).resolve("tree.all").toString(), copy.toString())
                .inheritIO().start();
        assertThat(cp.waitFor()).isZero();
        Process rm = new ProcessBuilder("rm", "-r", copy.resolve(path).toString()).inheritIO().start();
        assertThat(rm.waitFor()).isZero();
        return copy;
    }

    @Test
    void aBadSequenceFileIsOneLineNamingTheLine() throws Exception {
        Path seq = work.resolve("bad.seq");
        Files.writeString(seq, "root guest:ls\nimportant ls\nlogin root\ntyep ls\n");
        DepsetProcess.Result r = depset(work, 1, "verify", "--sequence", seq.toString());
        assertThat(r.status()).isEqualTo(ExitCode.BAD_INPUT);
        // one line naming file and line, and the keys a user could have meant (the list grows with the format)
        assertThat(r.stderr().strip()).doesNotContain("\n")
                .startsWith("depset: " + seq + ":4: unknown key 'tyep' (known: name, root, ")
                .contains(" type, ").endsWith(")");
    }

    /**
     * Issue 15's acceptance: the graph of the LAMP auto report, mariadbd's ancestors, a path from apache2 to
     * libphp, a package node opened, and what the strict tree lacked (the auto rounds) red and tied to a process.
     */
    @Test
    void theLampReportsGraphAnswersTheSeedsQueries() throws Exception {
        Path lamp = evalOut.resolve("lamp");
        assertThat(lamp.resolve("verify.auto.json")).as(eval.stdout() + eval.stderr()).isRegularFile();
        LampReportChecks.check(lamp, Files.createDirectories(work.resolve("graph-reports")));
    }

    /** Issue 7's acceptance: the report of the LAMP auto set opens in a real headless Chromium. */
    @Test
    void theReportOfTheLampAutoSetOpensInChromium() throws Exception {
        Path set = evalOut.resolve("lamp/set.auto.json");
        assertThat(set).as(eval.stdout() + eval.stderr()).isRegularFile();
        Path html = work.resolve("lamp-auto-report.html");
        DepsetProcess.Result report = depset(work, 5, "report", set.toString(), "--trace", evalOut.resolve("lamp/trace.jsonl").toString(),
                "-o", html.toString(), "--quiet");
        assertThat(report.status()).as(report.stderr()).isZero();
        org.openqa.selenium.chrome.ChromeDriver driver =
                SeeingEndToEndTest.chromium(Files.createDirectories(work.resolve("chromium-profile")));
        try {
            driver.get(html.toUri().toString());
            long end = System.nanoTime() + 120_000_000_000L;
            while (!"true".equals(driver.findElement(org.openqa.selenium.By.tagName("body")).getAttribute("data-ready"))) {
                assertThat(System.nanoTime()).as("page ready").isLessThan(end);
                Thread.sleep(50);
            }
            assertThat(driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll())
                    .noneMatch(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue());
            assertThat(driver.findElement(org.openqa.selenium.By.id("summary")).getText()).contains("auto");
            driver.findElement(org.openqa.selenium.By.id("search")).sendKeys("mariadbd");
            org.openqa.selenium.WebElement hit = null;
            while (hit == null) {
                assertThat(System.nanoTime()).as("search answered").isLessThan(end);
                org.openqa.selenium.WebElement results = driver.findElement(org.openqa.selenium.By.id("search-results"));
                if ("mariadbd".equals(results.getAttribute("data-query"))) {
                    hit = results.findElements(org.openqa.selenium.By.cssSelector(".hit")).stream()
                            .filter(h -> h.getText().endsWith("/usr/sbin/mariadbd")).findFirst().orElse(null);
                }
                Thread.sleep(50);
            }
            hit.click();
            assertThat(driver.findElement(org.openqa.selenium.By.id("details")).getText()).contains("/usr/sbin/mariadbd")
                    .contains("Reasons (");
            Path shot = Path.of("target", "report-lamp-auto.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } finally {
            driver.quit();
        }
    }
}
