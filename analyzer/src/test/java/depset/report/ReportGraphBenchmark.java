package depset.report;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The report's graph on the synthetic 50,000-process trace ({@link SyntheticReport}: init, 50 shells of
 * 999 tools each), measured in headless Chromium: first contentful paint, the first graph drawn, and
 * what a user does next (unfold a shell of 999 children, the next page of them, fold it, an ancestors
 * query), each repeated; prints the figures with the machine and its load, asserts nothing. Not part
 * of the test suite (its name is no test's): run it on purpose,
 * {@code mvn -B -q -o -pl analyzer -am test -Dtest=ReportGraphBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Ddepset.bench.size=SHELLS,PER_SHELL,FILES} for another size). docs/benchmarks.md keeps the figures.
 */
@Tag("host")
class ReportGraphBenchmark {
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium and chromium-driver are not installed (.ci/install)");
        String[] size = System.getProperty("depset.bench.size", "50,999,20000").split(",");
        int shells = Integer.parseInt(size[0]);
        int perShell = Integer.parseInt(size[1]);
        SyntheticReport big = SyntheticReport.write(dir, shells, perShell, Integer.parseInt(size[2]));
        long t0 = System.nanoTime();
        ReportInput input = ReportLoader.load(List.of(big.set()), big.trace(), null, null, null, n -> { });
        Path html = dir.resolve("big.html");
        HtmlReport.write(input, html);
        long writeMs = (System.nanoTime() - t0) / 1_000_000;
        String keep = System.getProperty("depset.bench.keep"); // a copy of the page to look at
        if (keep != null) {
            Files.copy(html, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.printf(Locale.ROOT, "report graph benchmark, %s; %s%n", java.time.Instant.now(), machine());
        System.out.printf(Locale.ROOT, "report: %d processes, %d trace events, %.1f MB, written in %d ms%n",
                input.trace().processes().size(), input.trace().info().events(), Files.size(html) / 1e6, writeMs);

        ChromeDriver driver = HeadlessChromium.start(Files.createDirectories(dir.resolve("profile")));
        try {
            List<Long> fcp = new ArrayList<>();
            List<Long> drawn = new ArrayList<>();
            List<Long> layout = new ArrayList<>();
            String split = "";
            for (int r = 0; r < ROUNDS; r++) {
                driver.get(html.toUri().toString());
                ReportGraphBrowserTest.waitGraph(driver);
                fcp.add((Long) driver.executeScript("var p = performance.getEntriesByName('first-contentful-paint')[0];"
                        + " return p ? Math.round(p.startTime) : -1"));
                drawn.add(Long.parseLong(driver.findElement(By.tagName("body")).getAttribute("data-graph-at")));
                layout.add(Long.parseLong(driver.findElement(By.tagName("body")).getAttribute("data-graph-ms")));
                split = driver.findElement(By.tagName("body")).getAttribute("data-graph-split");
            }
            System.out.printf(Locale.ROOT, "first view: %s nodes; first contentful paint %s ms; graph drawn %s ms after"
                            + " navigation; its build+layout %s ms (last: build, add, dagre, highlight, fit %s)%n",
                    driver.executeScript("return depsetGraph.cy().nodes().length"), range(fcp), range(drawn), range(layout),
                    split);
            // in the page, timed by the page's clock: the draw is synchronous
            String timed = "var t = performance.now(); %s; return [performance.now() - t, depsetGraph.cy().nodes().length];";
            List<Long> unfold = new ArrayList<>();
            List<Long> next = new ArrayList<>();
            List<Long> fold = new ArrayList<>();
            List<Long> ancestors = new ArrayList<>();
            Object nodes = null;
            for (int r = 0; r < ROUNDS; r++) {
                // the first view may have unfolded the first shell already: start from it folded
                driver.executeScript("if (depsetGraph.cy().getElementById('p1').data('collapsed') !== 1) depsetGraph.toggleProc(1)");
                unfold.add(ms(driver.executeScript(String.format(timed, "depsetGraph.toggleProc(1)"))));
                List<?> m = (List<?>) driver.executeScript(String.format(timed, "depsetGraph.more('x1')"));
                next.add(ms(m));
                nodes = m.get(1);
                fold.add(ms(driver.executeScript(String.format(timed, "depsetGraph.toggleProc(1)"))));
                ancestors.add(ms(driver.executeScript(String.format(timed, "depsetGraph.ancestors('pid:" + (2 + perShell) + "')"))));
                driver.executeScript("depsetGraph.reset()");
            }
            System.out.printf(Locale.ROOT, "unfold a shell of %d children %s ms; its next page %s ms (%s nodes drawn);"
                            + " fold it %s ms; ancestors of its last child %s ms%n", perShell, range(unfold), range(next),
                    nodes, range(fold), range(ancestors));
            System.out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
        } finally {
            driver.quit();
        }
    }

    private static long ms(Object timed) {
        return Math.round(((Number) ((List<?>) timed).get(0)).doubleValue());
    }

    /** min–max (median) of a few runs. */
    private static String range(List<Long> values) {
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return v.get(0) + "\u2013" + v.get(v.size() - 1) + " (median " + v.get(v.size() / 2) + ")";
    }

    private static String machine() throws IOException {
        String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        return Runtime.getRuntime().availableProcessors() + " cores (" + model + "), load average " + loadAverage();
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
