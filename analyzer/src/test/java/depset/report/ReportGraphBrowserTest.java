package depset.report;

import static depset.report.ReportBrowserTest.screenshot;
import static depset.report.ReportBrowserTest.severe;
import static depset.report.ReportBrowserTest.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The report's graph in a real headless Chromium, on the constructed trace init › sh › {ls, vim}: it
 * draws processes and file groups, the toolbar's ancestors and path queries highlight what they find, a
 * click on a package node draws its files, and a verify miss is a red node tied to the process that
 * looked for it. Screenshots of each state go to {@code target/}.
 */
@Tag("host")
class ReportGraphBrowserTest {
    @TempDir
    Path dir;

    /** Waits for the graph to be drawn, then returns the number of nodes it drew. */
    static long waitGraph(ChromeDriver driver) throws InterruptedException {
        ReportBrowserTest.waitReady(driver);
        until(Duration.ofSeconds(120), () -> "true".equals(driver.findElement(By.tagName("body"))
                .getAttribute("data-graph-ready")) ? Boolean.TRUE : null);
        return (Long) driver.executeScript("return depsetGraph.cy().nodes().length");
    }

    @SuppressWarnings("unchecked")
    static List<String> highlighted(ChromeDriver driver) {
        return (List<String>) driver.executeScript("return depsetGraph.highlighted()");
    }

    /** Clicks a node of the canvas where it is drawn, as a user does. */
    static void clickNode(ChromeDriver driver, String id) {
        // the node centred in the canvas, the canvas in the window; then a click where the node is drawn,
        // in the window's coordinates (an element's offsets count from the centre of its visible part)
        @SuppressWarnings("unchecked")
        List<Number> p = (List<Number>) driver.executeScript(
                "var cy = depsetGraph.cy(), n = cy.getElementById(arguments[0]); cy.center(n);"
                        + " var c = document.getElementById('g-canvas'); c.scrollIntoView({block: 'center'});"
                        + " var r = c.getBoundingClientRect(), at = n.renderedPosition();"
                        + " return [Math.round(r.left + at.x), Math.round(r.top + at.y)];", id);
        new Actions(driver).moveToLocation(p.get(0).intValue(), p.get(1).intValue()).click().perform();
    }

    @Test
    void theGraphDrawsQueriesExpandsAndShowsWhatTheTreeMissed() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium and chromium-driver are not installed (.ci/install)");
        ReportFixture f = ReportFixture.build(dir);
        // A verify result of the repair loop's form: the round-0 run of vim looked for the time zone in vain.
        Path verify = dir.resolve("rounds.json");
        Files.writeString(verify, """
                {"result": "FAIL", "verify": {"pass": false, "missing": [{"path": "/usr/share/zoneinfo/UTC",
                 "pid": 4242, "exe": "/usr/bin/vim.basic", "operation": "open"}], "round": 0},
                 "rounds": [{"pass": false, "round": 0, "missing": [{"path": "/usr/share/zoneinfo/UTC",
                 "pid": 4242, "exe": "/usr/bin/vim.basic", "operation": "open"}]}], "stop": "rounds"}
                """);
        Path html = dir.resolve("graph.html");
        HtmlReport.write(ReportLoader.load(List.of(f.set), f.trace, verify, null, null, n -> { }), html);

        ChromeDriver driver = HeadlessChromium.start(Files.createDirectories(dir.resolve("profile")));
        try {
            driver.get(html.toUri().toString());
            long nodes = waitGraph(driver);
            assertThat(severe(driver)).isEmpty();
            // init, sh, ls, vim; libc6's and coreutils' package nodes, directory nodes; the miss
            assertThat(nodes).isGreaterThanOrEqualTo(8);
            assertThat(driver.findElement(By.id("g-status")).getText()).startsWith("4 of 4 processes");
            screenshot(driver, "graph-fixture.png");

            // vim's ancestors from the toolbar: init and sh light up, ls does not
            driver.findElement(By.id("g-sel")).sendKeys("vim.basic");
            driver.findElement(By.id("g-anc")).click();
            assertThat(highlighted(driver)).anyMatch(s -> s.startsWith("init [1]")).anyMatch(s -> s.startsWith("sh [10]"))
                    .anyMatch(s -> s.startsWith("vim.basic [30]")).noneMatch(s -> s.startsWith("ls [20]"));
            assertThat(driver.findElement(By.id("g-status")).getText())
                    .contains("vim.basic [30] \u2039 sh [10] \u2039 init [1]");
            screenshot(driver, "graph-fixture-ancestors.png");

            // a path from ls to vim's file goes through what they share
            driver.findElement(By.id("g-sel")).clear();
            driver.findElement(By.id("g-sel")).sendKeys("ls");
            driver.findElement(By.id("g-to")).sendKeys("/srv/app/app.py");
            driver.findElement(By.id("g-path")).click();
            assertThat(driver.findElement(By.id("g-status")).getText()).contains("path of 3 steps: ls [20]")
                    .endsWith("/srv/app/app.py");
            assertThat(highlighted(driver)).contains("/srv/app/app.py").anyMatch(s -> s.startsWith("ls [20]"));
            screenshot(driver, "graph-fixture-path.png");
            driver.findElement(By.id("g-clear")).click();

            // libc6's package node: a click draws its file
            String key = (String) driver.executeScript("return depsetGraph.groupKeyOf(arguments[0])",
                    "/usr/lib/x86_64-linux-gnu/libc.so.6");
            assertThat(key).startsWith("k");
            assertThat((Long) driver.executeScript("return depsetGraph.cy().nodes('[path = \"/usr/lib/x86_64-linux-gnu/libc.so.6\"][kind = \"file\"]').length")).isZero();
            clickNode(driver, "g" + key);
            screenshot(driver, "graph-fixture-click.png");
            until(Duration.ofSeconds(10), () -> (Long) driver.executeScript("return depsetGraph.cy().nodes("
                    + "'[path = \"/usr/lib/x86_64-linux-gnu/libc.so.6\"][kind = \"file\"]').length") == 1 ? Boolean.TRUE : null);
            assertThat(driver.findElement(By.id("details")).getText()).contains("libc6").contains("libc.so.6");
            screenshot(driver, "graph-fixture-package.png");

            // the miss: a red node tied to vim, the process of the program that looked for it
            assertThat((String) driver.executeScript("var m = depsetGraph.cy().nodes('[kind = \"miss\"]');"
                    + " return m.length + ' ' + m.data('path') + ' ' + m.connectedEdges().sources().data('label')"))
                    .isEqualTo("1 /usr/share/zoneinfo/UTC vim.basic [30]");

            // the why tab names the miss, who wanted it and the next correction; its link shows it in the graph
            driver.findElement(By.id("tabbtn-why")).click();
            assertThat(driver.findElement(By.id("tab-why")).getText()).contains("/usr/share/zoneinfo/UTC")
                    .contains("vim.basic [30]").contains("Next correction: add /usr/share/zoneinfo/UTC");
            driver.findElement(By.id("tab-why")).findElement(By.linkText("/usr/share/zoneinfo/UTC")).click();
            assertThat(driver.findElement(By.id("tab-graph")).isDisplayed()).isTrue();
            assertThat(highlighted(driver)).contains("/usr/share/zoneinfo/UTC").anyMatch(s -> s.startsWith("vim.basic [30]"));
            screenshot(driver, "graph-fixture-miss.png");

            // coloured by the first strategy: a process by the first set whose reasons name it (strict names
            // vim's pid), one no reason names (init) in grey
            driver.findElement(By.id("g-clear")).click();
            driver.findElement(By.cssSelector("#g-colour option[value='strategy']")).click();
            assertThat((String) driver.executeScript("var cy = depsetGraph.cy(); return cy.getElementById('p3').style('background-color')"
                    + " + ' ' + cy.getElementById('p0').style('background-color')")).isEqualTo("rgb(47,111,219) rgb(201,206,216)");
            assertThat(driver.findElement(By.id("g-legend")).getText()).contains("first in strict.json");

            // sizes: a click on a directory of the treemap filters the graph to it
            driver.findElement(By.id("tabbtn-sizes")).click();
            assertThat(driver.findElements(By.cssSelector("#treemap .tm"))).isNotEmpty();
            driver.findElement(By.cssSelector("#treemap .tm[data-name='srv/']")).click();
            assertThat(driver.findElement(By.id("tab-graph")).isDisplayed()).isTrue();
            assertThat(driver.findElement(By.id("g-status")).getText()).contains("files of /srv");
            assertThat(highlighted(driver)).anyMatch(s -> s.startsWith("vim.basic [30]")).anyMatch(s -> s.startsWith("ls [20]"))
                    .noneMatch(s -> s.startsWith("init [1]"));
            screenshot(driver, "graph-fixture-treemap-filter.png");
            driver.findElement(By.id("tabbtn-sizes")).click();
            assertThat(driver.findElement(By.id("sz-controls")).getText()).contains("srv");
            driver.findElement(By.id("tabbtn-timeline")).click();
            assertThat(driver.findElements(By.cssSelector("#timeline .tl-bar"))).hasSize(4);
            assertThat(severe(driver)).isEmpty();
        } finally {
            driver.quit();
        }
    }

    /**
     * A tree too large to draw whole (init › 3 shells › 25 tools each): the first view is readable, an
     * unfolded shell draws a page of its children, and a click on "+N more" draws the next page.
     */
    @Test
    void aLargeTreeOpensReadableAndPagesItsChildren() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium and chromium-driver are not installed (.ci/install)");
        SyntheticReport tree = SyntheticReport.write(dir, 3, 25, 300);
        Path html = dir.resolve("paged.html");
        HtmlReport.write(ReportLoader.load(List.of(tree.set()), tree.trace(), null, null, null, n -> { }), html);
        ChromeDriver driver = HeadlessChromium.start(Files.createDirectories(dir.resolve("profile")));
        try {
            driver.get(html.toUri().toString());
            waitGraph(driver);
            assertThat(severe(driver)).isEmpty();
            long page = (Long) driver.executeScript("return depsetGraph.page");
            // readable: labels drawn at 8 px or more, and init, where the tree starts, is in view
            double label = ((Number) driver.executeScript("var cy = depsetGraph.cy();"
                    + " return parseFloat(cy.getElementById('p0').style('font-size')) * cy.zoom()")).doubleValue();
            assertThat(label).isGreaterThanOrEqualTo(8);
            assertThat((Boolean) driver.executeScript("var cy = depsetGraph.cy(), p = cy.getElementById('p0').renderedPosition();"
                    + " return p.x >= 0 && p.y >= 0 && p.x <= cy.width() && p.y <= cy.height()")).isTrue();
            screenshot(driver, "graph-paged-first.png");

            // the first shell is unfolded: a page of its 25 children, the rest behind "+N more"
            String children = "return depsetGraph.drawnProcs().filter(function (q) { return depsetReport.T.procs[q][1] === 1; }).length";
            String more = "var m = depsetGraph.cy().getElementById('x1'); return m.nonempty() ? m.data('label') : null";
            assertThat((Long) driver.executeScript(children)).isEqualTo(page);
            assertThat((String) driver.executeScript(more)).startsWith("+" + (25 - page) + " more of 25 children");
            clickNode(driver, "x1");
            until(Duration.ofSeconds(30), () -> (Long) driver.executeScript(children) == 2 * page ? Boolean.TRUE : null);
            assertThat((String) driver.executeScript(more)).startsWith("+" + (25 - 2 * page) + " more of 25 children");
            screenshot(driver, "graph-paged-more.png");
            clickNode(driver, "x1");
            until(Duration.ofSeconds(30), () -> (Long) driver.executeScript(children) == 25 ? Boolean.TRUE : null);
            assertThat((String) driver.executeScript(more)).isNull();

            // a query finds a child beyond the pages of a folded shell and draws it
            driver.findElement(By.id("g-clear")).click();
            driver.findElement(By.id("g-sel")).sendKeys("pid:79");
            driver.findElement(By.id("g-anc")).click();
            assertThat(highlighted(driver)).anyMatch(s -> s.startsWith("tool79 [79]")).anyMatch(s -> s.startsWith("sh [54]"));

            // each file its node: a page of them and "+N more files"; a click draws the next page
            driver.findElement(By.id("g-clear")).click();
            driver.findElement(By.cssSelector("#g-files option[value='all']")).click();
            String files = "return depsetGraph.cy().nodes('[kind = \"file\"]').length";
            assertThat((Long) driver.executeScript(files)).isEqualTo(page);
            clickNode(driver, "yg");
            until(Duration.ofSeconds(30), () -> (Long) driver.executeScript(files) == 2 * page ? Boolean.TRUE : null);
            assertThat(severe(driver)).isEmpty();
        } finally {
            driver.quit();
        }
    }
}
