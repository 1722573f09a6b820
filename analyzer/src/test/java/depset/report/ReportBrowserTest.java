package depset.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import depset.trace.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The report in a real headless Chromium: it loads without console errors, the trees expand, a search
 * finds a file, a click shows its reasons and why chain. Screenshots go to {@code target/}.
 */
@Tag("host")
class ReportBrowserTest {
    @TempDir
    Path dir;

    static List<LogEntry> severe(ChromeDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    /** Polls until {@code probe} gives a non-null value (the page draws asynchronously on input). */
    static <T> T until(Duration timeout, java.util.function.Supplier<T> probe) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v;
            try {
                v = probe.get();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                v = null; // the page redrew what we were reading: look again
            }
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout);
            }
            Thread.sleep(50);
        }
    }

    static void waitReady(ChromeDriver driver) throws InterruptedException {
        until(Duration.ofSeconds(120), () -> "true".equals(driver.findElement(By.tagName("body"))
                .getAttribute("data-ready")) ? Boolean.TRUE : null);
    }

    /** Types a search and returns the first hit whose text contains {@code want}, once the results answer it. */
    static WebElement search(ChromeDriver driver, String query, String want) throws InterruptedException {
        driver.findElement(By.id("search")).sendKeys(query);
        return until(Duration.ofSeconds(30), () -> {
            WebElement results = driver.findElement(By.id("search-results"));
            if (!query.toLowerCase(java.util.Locale.ROOT).equals(results.getAttribute("data-query"))) {
                return null;
            }
            return results.findElements(By.cssSelector(".hit")).stream().filter(h -> h.getText().contains(want))
                    .findFirst().orElse(null);
        });
    }

    static void screenshot(ChromeDriver driver, String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void theReportLoadsExpandsSearchesAndExplainsAFile() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium and chromium-driver are not installed (.ci/install)");
        ReportFixture f = ReportFixture.build(dir);
        Path html = dir.resolve("report.html");
        HtmlReport.write(f.input(), html);

        ChromeDriver driver = HeadlessChromium.start(Files.createDirectories(dir.resolve("profile")));
        try {
            driver.get(html.toUri().toString());
            waitReady(driver);
            assertThat(severe(driver)).isEmpty();
            assertThat(driver.getTitle()).isEqualTo("depset report: strict.json");
            assertThat(driver.findElement(By.id("summary")).getText()).contains("strict").contains("4 processes")
                    .contains("verify: FAIL, 1 missing").contains("1 flagged secrets");

            // the file tree: the root is open, usr is drawn (biggest first), and expands to bin
            driver.findElement(By.id("tabbtn-files")).click();
            WebElement usr = driver.findElement(By.cssSelector("#files-tree .node[data-key='/usr']"));
            assertThat(driver.findElements(By.cssSelector("#files-tree .node[data-key='/usr/bin']"))).isEmpty();
            usr.findElement(By.cssSelector(".toggle")).click();
            WebElement bin = driver.findElement(By.cssSelector("#files-tree .node[data-key='/usr/bin']"));
            assertThat(bin.isDisplayed()).isTrue();
            bin.findElement(By.cssSelector(".toggle")).click();
            assertThat(driver.findElement(By.cssSelector("#files-tree .node[data-key='/usr/bin/ls']")).isDisplayed()).isTrue();

            // search finds libc; a click reveals it in the tree and shows its reasons with the why chain
            search(driver, "libc.so", "libc.so.6").click();
            WebElement details = driver.findElement(By.id("details"));
            assertThat(details.getText()).contains("/usr/lib/x86_64-linux-gnu/libc.so.6").contains("Reasons (2)")
                    .contains("strict: touched by an important process or a descendant")
                    .contains("why: init [1] \u203a sh [10] \u203a ls [20]")
                    .contains("why: init [1] \u203a sh [10] \u203a vim.basic [30]")
                    .contains("libc6 2.36-9+deb12u4 \u2014 not machine-readable")
                    .contains("Touched by 2 processes");
            assertThat(driver.findElement(By.cssSelector("#files-tree .node[data-key='/usr/lib/x86_64-linux-gnu/libc.so.6'] > .row"))
                    .getAttribute("class")).contains("selected");
            screenshot(driver, "report-file.png");

            // a click on a process in the why chain opens the process tree at it, with what it touched
            details.findElements(By.linkText("vim.basic [30]")).get(0).click();
            assertThat(driver.findElement(By.id("tab-procs")).isDisplayed()).isTrue();
            assertThat(details.getText()).contains("vim app.py").contains("/srv/app/tls/server.key")
                    .contains("/home/nobody/.vimrc").contains("exit\n1");

            // the secret is marked, failed lookups and verify's missing paths are listed
            driver.findElement(By.id("tabbtn-secrets")).click();
            assertThat(driver.findElement(By.id("tab-secrets")).getText()).contains("/srv/app/tls/server.key")
                    .contains("PEM private key header on line 1");
            driver.findElement(By.id("tabbtn-failed")).click();
            assertThat(driver.findElement(By.id("tab-failed")).getText()).contains("/etc/ld.so.preload")
                    .contains("ls [20]");
            driver.findElement(By.id("tabbtn-missing")).click();
            assertThat(driver.findElement(By.id("tab-missing")).getText()).contains("/usr/share/zoneinfo/UTC");
            driver.findElement(By.id("tabbtn-packages")).click();
            assertThat(driver.findElement(By.id("tab-packages")).getText()).contains("coreutils").contains("GPL-3+")
                    .contains("/srv/app/app.py");
            screenshot(driver, "report-packages.png");
            assertThat(severe(driver)).isEmpty();
        } finally {
            driver.quit();
        }
    }

    @Test
    void withoutATraceTheSetsProcessTableGivesTheTreeAndTheWhyChain() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium and chromium-driver are not installed (.ci/install)");
        ReportFixture f = ReportFixture.build(dir);
        depset.manifest.Manifest m = depset.manifest.ManifestJson.read(f.set).withProcesses(List.of(
                new depset.manifest.ManifestProcess(1, 0, "/sbin/init", List.of("init"), Phase.WORK),
                new depset.manifest.ManifestProcess(10, 1, "/usr/bin/sh", List.of("sh"), Phase.WORK),
                new depset.manifest.ManifestProcess(20, 10, "/usr/bin/ls", List.of("ls"), Phase.WORK),
                new depset.manifest.ManifestProcess(30, 10, "/usr/bin/vim.basic", List.of("vim"), Phase.WORK)));
        Path set = dir.resolve("with-table.json");
        depset.manifest.ManifestJson.write(m, set);
        Path html = dir.resolve("no-trace.html");
        HtmlReport.write(ReportLoader.load(List.of(set), null, null, null, null, n -> { }), html);

        ChromeDriver driver = HeadlessChromium.start(Files.createDirectories(dir.resolve("profile2")));
        try {
            driver.get(html.toUri().toString());
            waitReady(driver);
            assertThat(severe(driver)).isEmpty();
            assertThat(driver.findElement(By.id("summary")).getText()).contains("the set's process table");
            assertThat(driver.findElements(By.id("tabbtn-failed"))).isEmpty();
            search(driver, "server.key", "server.key").click();
            assertThat(driver.findElement(By.id("details")).getText())
                    .contains("why: init [1] \u203a sh [10] \u203a vim.basic [30]")
                    .contains("Looks like a credential");
            driver.findElement(By.linkText("vim.basic [30]")).click();
            assertThat(driver.findElement(By.id("details")).getText()).contains("/srv/app/app.py")
                    .contains("/usr/bin/vim.basic");
            assertThat(severe(driver)).isEmpty();
        } finally {
            driver.quit();
        }
    }
}
