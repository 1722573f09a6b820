package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;

/**
 * Issue 15's acceptance on the LAMP run's reports in headless Chromium, for the guest tests that have
 * them: the graph draws, mariadbd's ancestors reach the boot step's first process, a path joins apache2
 * and libphp, a package node opens to its files, and what the strict tree lacked is red and tied to a
 * process. Screenshots of each state go to {@code target/}; the page's own timings are printed.
 */
final class LampReportChecks {
    private LampReportChecks() {
    }

    /**
     * Writes the reports of {@code depset eval}'s LAMP output ({@code lamp}: set.*.json, trace.jsonl,
     * verify.auto.json) into {@code work} and checks them in one Chromium.
     */
    static void check(Path lamp, Path work) throws Exception {
        Path auto = work.resolve("lamp-auto-graph.html");
        CliRun a = CliRun.of("report", lamp.resolve("set.auto.json").toString(), "--trace",
                lamp.resolve("trace.jsonl").toString(), "--verify", lamp.resolve("verify.auto.json").toString(),
                "-o", auto.toString(), "--quiet");
        assertThat(a.exit()).as(a.err()).isZero();
        Path strict = work.resolve("lamp-strict-graph.html");
        CliRun s = CliRun.of("report", lamp.resolve("set.strict.json").toString(), lamp.resolve("set.all.json").toString(),
                "--trace", lamp.resolve("trace.jsonl").toString(), "--verify", lamp.resolve("verify.auto.json").toString(),
                "-o", strict.toString(), "--quiet");
        assertThat(s.exit()).as(s.err()).isZero();
        ChromeDriver driver = SeeingEndToEndTest.chromium(Files.createDirectories(work.resolve("chromium-graph")));
        try {
            autoReport(driver, auto);
            strictReport(driver, strict);
        } finally {
            driver.quit();
        }
    }

    static void open(ChromeDriver driver, Path html) throws Exception {
        driver.get(html.toUri().toString());
        long end = System.nanoTime() + 120_000_000_000L;
        while (!"true".equals(driver.findElement(By.tagName("body")).getAttribute("data-graph-ready"))) {
            assertThat(System.nanoTime()).as("graph drawn").isLessThan(end);
            Thread.sleep(50);
        }
        assertThat(driver.manage().logs().get(LogType.BROWSER).getAll())
                .noneMatch(e -> e.getLevel().intValue() >= Level.SEVERE.intValue());
        System.out.println("depset report " + html.getFileName() + ": first contentful paint "
                + driver.executeScript("var p = performance.getEntriesByName('first-contentful-paint')[0];"
                + " return p ? Math.round(p.startTime) : -1") + " ms, graph drawn "
                + driver.findElement(By.tagName("body")).getAttribute("data-graph-at") + " ms after navigation start, layout "
                + driver.findElement(By.tagName("body")).getAttribute("data-graph-ms") + " ms (build, add, dagre, highlight, fit: "
                + driver.findElement(By.tagName("body")).getAttribute("data-graph-split") + "), "
                + driver.findElement(By.tagName("body")).getAttribute("data-graph-nodes") + " nodes");
    }

    static void screenshot(ChromeDriver driver, String name) throws Exception {
        Path shot = Path.of("target", name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
    }

    @SuppressWarnings("unchecked")
    static List<String> highlighted(ChromeDriver driver) {
        return (List<String>) driver.executeScript("return depsetGraph.highlighted()");
    }

    static void query(ChromeDriver driver, String selector, String to, String button) {
        WebElement sel = driver.findElement(By.id("g-sel"));
        sel.clear();
        sel.sendKeys(selector);
        WebElement target = driver.findElement(By.id("g-to"));
        target.clear();
        if (to != null) {
            target.sendKeys(to);
        }
        driver.findElement(By.id(button)).click();
    }

    /** Clicks a node where the canvas draws it, as a user does. */
    static void clickNode(ChromeDriver driver, String id) {
        // the node centred in the canvas, the canvas in the window; then a click where the node is drawn,
        // in the window's coordinates (an element's offsets count from the centre of its visible part)
        @SuppressWarnings("unchecked")
        List<Number> p = (List<Number>) driver.executeScript(
                "var cy = depsetGraph.cy(), n = cy.getElementById(arguments[0]); cy.zoom(1.5); cy.center(n);"
                        + " var c = document.getElementById('g-canvas'); c.scrollIntoView({block: 'center'});"
                        + " var r = c.getBoundingClientRect(), at = n.renderedPosition();"
                        + " return [Math.round(r.left + at.x), Math.round(r.top + at.y)];", id);
        new Actions(driver).moveToLocation(p.get(0).intValue(), p.get(1).intValue()).click().perform();
    }

    /** The report of the auto set with its trace: the graph and the seed's queries on it. */
    static void autoReport(ChromeDriver driver, Path html) throws Exception {
        open(driver, html);
        // the first view: the top levels of the process tree and a page of file groups and misses, at a zoom
        // where labels read (8 px or more)
        assertThat(Long.parseLong(driver.findElement(By.tagName("body")).getAttribute("data-graph-nodes")))
                .isGreaterThan(20);
        assertThat(((Number) driver.executeScript("var cy = depsetGraph.cy();"
                + " return parseFloat(cy.nodes('[kind = \"proc\"]').first().style('font-size')) * cy.zoom()")).doubleValue())
                .isGreaterThanOrEqualTo(8);
        screenshot(driver, "report-graph-lamp.png");

        // mariadbd's ancestors reach the first process of the boot step that started it
        query(driver, "mariadbd", null, "g-anc");
        // the boot step's root above mariadbd, found from the page's data: the chain up, the steps' roots
        @SuppressWarnings("unchecked")
        List<Object> facts = (List<Object>) driver.executeScript("var G = depsetReport.D.graph, T = depsetReport.T;"
                + " return [depsetGraph.select('mariadbd')[0], T.procs.map(function (p) { return p[1]; }),"
                + " G.stepRoots, G.names, T.procs.map(function (p) { return p[0]; })]");
        List<Long> parents = (List<Long>) facts.get(1);
        Map<Long, String> steps = new java.util.HashMap<>();
        for (Object r : (List<Object>) facts.get(2)) {
            steps.put((Long) ((List<Object>) r).get(0), (String) ((List<Object>) r).get(1));
        }
        String root = null;
        for (long q = (Long) facts.get(0); q >= 0 && root == null; q = parents.get((int) q)) {
            if (steps.getOrDefault(q, "").startsWith("boot")) {
                root = ((List<Object>) facts.get(3)).get((int) q) + " [" + ((List<Object>) facts.get(4)).get((int) q) + "]";
            }
        }
        String bootRoot = root;
        assertThat(bootRoot).as("a boot step's root above mariadbd").isNotNull();
        assertThat(highlighted(driver)).anyMatch(s -> s.startsWith("mariadbd [")).anyMatch(s -> s.startsWith(bootRoot));
        assertThat(driver.findElement(By.id("g-status")).getText()).contains(bootRoot);
        screenshot(driver, "report-graph-lamp-ancestors.png");

        // a path between apache2 and PHP's Apache module
        String libphp = "/usr/lib/apache2/modules/libphp8.2.so";
        query(driver, "apache2", libphp, "g-path");
        assertThat(driver.findElement(By.id("g-status")).getText()).containsPattern("path of \\d+ steps: apache2 \\[")
                .endsWith(libphp);
        assertThat(highlighted(driver)).contains(libphp);
        screenshot(driver, "report-graph-lamp-path.png");
        driver.findElement(By.id("g-clear")).click();

        // the package node of libphp opens to its files
        String key = (String) driver.executeScript("return depsetGraph.groupKeyOf(arguments[0])", libphp);
        assertThat(key).as("libphp is drawn in a package node").startsWith("k");
        String files = "return depsetGraph.cy().nodes('[kind = \"file\"]').filter(function (n) {"
                + " return depsetReport.D.graph.pathPkg[depsetReport.T.paths.indexOf(n.data('path'))] === " + key.substring(1)
                + "; }).length";
        assertThat((Long) driver.executeScript(files)).isZero();
        // file groups are drawn a page at a time, the most used first: "+N more" until libphp's package is drawn
        for (int page = 0; page < 30 && (Boolean) driver.executeScript(
                "return depsetGraph.cy().getElementById(arguments[0]).empty()", "g" + key); page++) {
            clickNode(driver, "yg");
        }
        clickNode(driver, "g" + key);
        long end = System.nanoTime() + 10_000_000_000L;
        while ((Long) driver.executeScript(files) == 0) {
            assertThat(System.nanoTime()).as("the package's files drawn").isLessThan(end);
            Thread.sleep(50);
        }
        assertThat(driver.findElement(By.id("details")).getText()).contains(libphp);
        screenshot(driver, "report-graph-lamp-package.png");
    }

    /**
     * The report of the strict set with the auto rounds: what the strict tree lacked is red, tied to
     * a process; returns the missing path it checked.
     */
    static String strictReport(ChromeDriver driver, Path html) throws Exception {
        open(driver, html);
        @SuppressWarnings("unchecked")
        List<String> tied = (List<String>) driver.executeScript("return depsetGraph.cy().nodes('[kind = \"miss\"]')"
                + ".filter(function (m) { return m.incomers('node[kind = \"proc\"]').length > 0; })"
                + ".map(function (m) { return m.data('path') + ' <- ' + m.incomers('node').data('label'); })");
        assertThat(tied).as("missing paths tied to a process").isNotEmpty();
        // libselinux.so.1 when the strict tree lacks it (as in the seed's run), else the first miss drawn
        String shown = tied.stream().filter(s -> s.contains("libselinux.so.1")).findFirst().orElse(tied.get(0));
        String path = shown.substring(0, shown.indexOf(" <- "));
        System.out.println("depset report " + html.getFileName() + ": " + tied.size() + " missing paths tied to processes, e.g. "
                + shown);
        driver.executeScript("var want = arguments[0];"
                + " var k = depsetReport.D.graph.misses.findIndex(function (m) { return m[0] === want; });"
                + " depsetGraph.focusMiss(k);", path);
        assertThat(highlighted(driver)).contains(path);
        screenshot(driver, "report-graph-lamp-missing.png");
        return path;
    }
}
