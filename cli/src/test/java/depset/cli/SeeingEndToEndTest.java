package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.vm.guest.Guest;
import depset.vm.guest.GuestBuilder;
import depset.vm.guest.GuestRecipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Seeing and explaining on real runs in the real LAMP guest: PHP and ls traced by {@code depset run},
 * analysed, then diffed, merged, shown, licensed, and reported in headless Chromium.
 */
@Tag("guest")
@EnabledIf(value = "depset.vm.guest.GuestBuilder#canBuildGuests",
        disabledReason = "the guest tier needs root, /dev/fuse, libfuse2 and debootstrap")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class SeeingEndToEndTest {
    @TempDir
    Path dir;

    private List<String> mountsBefore;

    private static List<String> depsetMounts() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains("depset-sandbox-") || l.contains("fuse.depset")).toList();
    }

    @org.junit.jupiter.api.BeforeEach
    void rememberMounts() throws Exception {
        mountsBefore = depsetMounts(); // other work on this machine may hold mounts of its own
    }

    @AfterEach
    void nothingStaysMounted() throws Exception {
        // Other tests on this machine mount FUSE in temp dirs of their own meanwhile; this test's runs could
        // only leave a sandbox (depset-sandbox-*) or something below its own directory.
        assertThat(depsetMounts()).as("mounts left by this test's runs")
                .filteredOn(l -> l.contains("depset-sandbox-") || l.contains(dir.toString()))
                .isSubsetOf(mountsBefore);
    }

    private Path run(Path root, String trace, String... command) throws Exception {
        String[] full = new String[6 + command.length];
        full[0] = "run";
        full[1] = "--root";
        full[2] = root.toString();
        full[3] = "--trace";
        full[4] = trace;
        full[5] = "--";
        System.arraycopy(command, 0, full, 6, command.length);
        DepsetProcess.Result r = DepsetProcess.run(dir, full);
        assertThat(r.status()).as(r.stderr()).isZero();
        return dir.resolve(trace);
    }

    private static Set<String> paths(Manifest m) {
        Set<String> out = new TreeSet<>();
        m.entries().forEach(e -> out.add(e.path()));
        return out;
    }

    @Test
    void realRunsAreDiffedMergedShownLicensedAndReported() throws Exception {
        Guest lamp = GuestBuilder.fromEnvironment().obtain(GuestRecipes.lamp());
        Path php = run(lamp.root(), "php.jsonl", "/usr/bin/php", "-r", "echo 40 + 2;");
        Path ls = run(lamp.root(), "ls.jsonl", "/bin/ls", "/var/www/html");

        CliRun analyze = CliRun.of("analyze", php.toString(), "-s", "strict,all", "--licenses",
                "-o", dir.resolve("php.json").toString());
        assertThat(analyze.exit()).as(analyze.err()).isZero();
        assertThat(CliRun.of("analyze", ls.toString(), "-o", dir.resolve("ls.json").toString()).exit()).isZero();
        Manifest strict = ManifestJson.read(dir.resolve("php.strict.json"));
        Manifest all = ManifestJson.read(dir.resolve("php.all.json"));
        Manifest lsSet = ManifestJson.read(dir.resolve("ls.json"));

        // the copyright files of the packages PHP needs are in the set
        assertThat(strict.entry("/usr/share/doc/libc6/copyright").reasons()).extracting(Reason::rule).contains("license");
        // php8.2-cli's doc directory is a symlink to php8.2-common's: both the link and the file go
        assertThat(strict.entry("/usr/share/doc/php8.2-cli").target()).isEqualTo("php8.2-common");
        assertThat(strict.entry("/usr/share/doc/php8.2-common/copyright")).isNotNull();

        // ... and in the built tree
        Path built = dir.resolve("tree");
        CliRun build = CliRun.of("build", dir.resolve("php.strict.json").toString(), "--to", built.toString());
        assertThat(build.exit()).as(build.err()).isZero();
        assertThat(built.resolve("usr/share/doc/libc6/copyright")).isRegularFile();
        assertThat(built.resolve("usr/share/doc/php8.2-cli")).isSymbolicLink();
        assertThat(built.resolve("usr/share/doc/php8.2-cli/copyright")).isRegularFile();

        // diff lists exactly the difference of the two manifests
        CliRun diff = CliRun.of("diff", "--json", dir.resolve("php.strict.json").toString(),
                dir.resolve("php.all.json").toString());
        depset.diff.ManifestDiff d = depset.diff.DiffJson.parse(diff.out());
        Set<String> expectAdded = new TreeSet<>(paths(all));
        expectAdded.removeAll(paths(strict));
        Set<String> expectRemoved = new TreeSet<>(paths(strict));
        expectRemoved.removeAll(paths(all));
        assertThat(d.added()).extracting(ManifestEntry::path).containsExactlyElementsOf(expectAdded);
        assertThat(d.removed()).extracting(ManifestEntry::path).containsExactlyElementsOf(expectRemoved);
        assertThat(diff.exit()).isEqualTo(d.isEmpty() ? ExitCode.OK : ExitCode.NEGATIVE);

        // merge of the ls and PHP sets is their union, every reason tagged with its run
        Path merged = dir.resolve("merged.json");
        CliRun merge = CliRun.of("merge", dir.resolve("ls.json").toString(), dir.resolve("php.strict.json").toString(),
                "-o", merged.toString());
        assertThat(merge.exit()).as(merge.err()).isZero();
        Manifest m = ManifestJson.read(merged);
        Set<String> union = new TreeSet<>(paths(lsSet));
        union.addAll(paths(strict));
        assertThat(paths(m)).isEqualTo(union);
        assertThat(m.entries()).allSatisfy(e -> assertThat(e.reasons()).allSatisfy(r ->
                assertThat(r.run()).isIn("ls.json", "php.strict.json")));
        assertThat(m.entry("/usr/bin/ls").reasons()).extracting(Reason::run).contains("ls.json");

        // show: the run's process tree, and why PHP needs libc
        CliRun tree = CliRun.of("show", php.toString());
        assertThat(tree.out()).containsPattern("php8.2 \\[\\d+\\] /usr/bin/php -r echo 40 \\+ 2;  \\(\\d+ files");
        CliRun path = CliRun.of("show", php.toString(), "--path", "/usr/lib/x86_64-linux-gnu/libc.so.6", "php8.2");
        assertThat(path.out()).contains("/usr/lib/x86_64-linux-gnu/libc.so.6\n  <-[").contains("1 steps");

        // the ls run drawn by Graphviz with its files: ls, its loader and its libraries (issue 15)
        Path svg = dir.resolve("ls.svg");
        CliRun render = CliRun.of("show", ls.toString(), "--files", "--render", "svg", "-o", svg.toString());
        assertThat(render.exit()).as(render.err()).isZero();
        // Graphviz writes a '-' in a label as the entity &#45;
        assertThat(Files.readString(svg).replace("&#45;", "-")).contains("<svg").containsPattern("ls \\[\\d+\\]")
                .contains("ld-linux-x86-64.so.2").contains("/usr/lib/x86_64-linux-gnu/libc.so.6")
                .contains("libselinux.so.1");
        Path byPackage = dir.resolve("ls-packages.svg");
        CliRun packages = CliRun.of("show", ls.toString(), "--files", "packages", "--render", "svg", "-o", byPackage.toString());
        assertThat(packages.exit()).as(packages.err()).isZero();
        assertThat(Files.readString(byPackage).replace("&#45;", "-")).contains("libc6 (").contains("coreutils (");

        // licenses from the guest's own dpkg database
        CliRun licenses = CliRun.of("licenses", dir.resolve("php.strict.json").toString());
        assertThat(licenses.out()).containsPattern("(?m)^php8\\.2-cli +8\\.2\\.").containsPattern("(?m)^libc6 +2\\.36");

        // the report of the real run, in Chromium
        Path html = dir.resolve("report.html");
        CliRun report = CliRun.of("report", dir.resolve("php.strict.json").toString(), dir.resolve("php.all.json").toString(),
                "--trace", php.toString(), "-o", html.toString());
        assertThat(report.exit()).as(report.err()).isZero();
        ChromeDriver driver = chromium(Files.createDirectories(dir.resolve("profile")));
        try {
            driver.get(html.toUri().toString());
            long end = System.nanoTime() + 60_000_000_000L;
            while (!"true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready"))) {
                assertThat(System.nanoTime()).as("page ready").isLessThan(end);
                Thread.sleep(50);
            }
            assertThat(driver.manage().logs().get(LogType.BROWSER).getAll())
                    .noneMatch(e -> e.getLevel().intValue() >= Level.SEVERE.intValue());
            assertThat(driver.findElement(By.id("summary")).getText()).contains("php.strict.json").contains("php.all.json");
            driver.findElement(By.id("search")).sendKeys("libc.so.6");
            WebElement hit = null;
            while (hit == null) {
                assertThat(System.nanoTime()).as("search answered").isLessThan(end);
                WebElement results = driver.findElement(By.id("search-results"));
                if ("libc.so.6".equals(results.getAttribute("data-query"))) {
                    hit = results.findElements(By.cssSelector(".hit")).stream()
                            .filter(h -> h.getText().endsWith("/usr/lib/x86_64-linux-gnu/libc.so.6")).findFirst().orElse(null);
                }
                Thread.sleep(50);
            }
            hit.click();
            assertThat(driver.findElement(By.id("details")).getText()).contains("Reasons (")
                    .containsPattern("why: php8\\.2 \\[\\d+\\]").contains("libc6 2.36");
            Path shot = Path.of("target", "report-lamp-php.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.quit();
        }
    }

    static ChromeDriver chromium(Path profile) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build(), o);
    }
}
