package depset.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The report of a 50,000-process trace stays usable: it loads, a node with a thousand children draws a
 * page of them in the process tree and in the graph, a search answers. Prints the figures (sizes and
 * times); asserts only behaviour. {@link ReportGraphBenchmark} measures the graph on the same trace.
 */
@Tag("host")
class ReportScaleTest {
    static final int SHELLS = 50;
    static final int PER_SHELL = 999;
    static final int FILES = 20_000;

    @TempDir
    Path dir;

    @Test
    void aFiftyThousandProcessReportLoadsExpandsAndSearches() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium and chromium-driver are not installed (.ci/install)");
        SyntheticReport big = SyntheticReport.write(dir, SHELLS, PER_SHELL, FILES);

        long t0 = System.nanoTime();
        ReportInput input = ReportLoader.load(List.of(big.set()), big.trace(), null, null, null, n -> { });
        Path html = dir.resolve("big.html");
        HtmlReport.write(input, html);
        long genMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(input.trace().processes()).hasSize(1 + SHELLS * (1 + PER_SHELL));

        ChromeDriver driver = HeadlessChromium.start(Files.createDirectories(dir.resolve("profile")));
        try {
            long t1 = System.nanoTime();
            driver.get(html.toUri().toString());
            ReportBrowserTest.waitReady(driver);
            long loadMs = (System.nanoTime() - t1) / 1_000_000;
            assertThat(ReportBrowserTest.severe(driver)).isEmpty();

            // the graph: unfolding a shell draws a page of its 999 children and a "+989 more" node
            ReportGraphBrowserTest.waitGraph(driver);
            long page = (Long) driver.executeScript("return depsetGraph.page");
            // (the first view may show it unfolded already: fold it, then unfold it)
            driver.executeScript("if (depsetGraph.cy().getElementById('p1').data('collapsed') !== 1) depsetGraph.toggleProc(1);"
                    + " depsetGraph.toggleProc(1)");
            assertThat((Long) driver.executeScript("return depsetGraph.drawnProcs().filter(function (q) {"
                    + " return depsetReport.T.procs[q][1] === 1; }).length")).isEqualTo(page);
            assertThat((String) driver.executeScript("return depsetGraph.cy().getElementById('x1').data('label')"))
                    .startsWith("+" + (PER_SHELL - page) + " more of " + PER_SHELL + " children");

            driver.findElement(By.id("tabbtn-procs")).click();
            WebElement init = driver.findElement(By.cssSelector("#procs-tree .node[data-key='p0']"));
            init.findElement(By.cssSelector(".toggle")).click();
            WebElement shell = driver.findElement(By.cssSelector("#procs-tree .node[data-key='p1']"));
            long t2 = System.nanoTime();
            shell.findElement(By.cssSelector(".toggle")).click();
            List<WebElement> kids = shell.findElements(By.cssSelector(":scope > .kids > .node"));
            long expandMs = (System.nanoTime() - t2) / 1_000_000;
            assertThat(kids).hasSize(200);
            assertThat(shell.findElement(By.cssSelector(":scope > .kids > .more")).getText())
                    .isEqualTo("show 200 more of 799");

            long t3 = System.nanoTime();
            WebElement hit = ReportBrowserTest.search(driver, "/f19999", "/f19999");
            long searchMs = (System.nanoTime() - t3) / 1_000_000;
            hit.click();
            assertThat(driver.findElement(By.id("details")).getText()).contains("Reasons (1)").contains("why: init [1]");
            ReportBrowserTest.screenshot(driver, "report-50k.png");
            assertThat(ReportBrowserTest.severe(driver)).isEmpty();
            System.out.printf("report scale: %d processes, %d entries, %d trace events; report %.1f MB written in %d ms;"
                            + " page ready in %d ms, 999-child expand in %d ms, search in %d ms%n",
                    input.trace().processes().size(), FILES, input.trace().info().events(), Files.size(html) / 1e6, genMs,
                    loadMs, expandMs, searchMs);
        } finally {
            driver.quit();
        }
    }
}
