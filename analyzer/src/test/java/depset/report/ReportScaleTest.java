package depset.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.trace.FileEvent;
import depset.trace.FileType;
import depset.trace.Op;
import depset.trace.OpenFlags;
import depset.trace.ProcessEvent;
import depset.trace.TraceHeader;
import depset.trace.TraceWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The report of a 50,000-process trace stays usable: it loads, a node with a thousand children draws a
 * page of them, a search answers. Prints the figures (sizes and times); asserts only behaviour.
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
        Path trace = dir.resolve("big.jsonl");
        TraceHeader header = new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, dir.toString(),
                "2026-01-01T00:00:00Z", "box", "test", List.of("/sbin/init"));
        int pid = 2;
        try (TraceWriter w = TraceWriter.create(trace, header)) {
            w.record(s -> new ProcessEvent.Exec(s, 0, 1, 1, "/sbin/init", List.of("init")));
            for (int sh = 0; sh < SHELLS; sh++) {
                int shell = pid++;
                w.record(s -> new ProcessEvent.Fork(s, 0, 1, 1, shell, shell));
                w.record(s -> new ProcessEvent.Exec(s, 0, shell, shell, "/bin/sh", List.of("sh", "-c", "work")));
                for (int k = 0; k < PER_SHELL; k++) {
                    int child = pid++;
                    w.record(s -> new ProcessEvent.Fork(s, 0, shell, shell, child, child));
                    String exe = "/usr/bin/tool" + (child % 100);
                    w.record(s -> new FileEvent(s, 0, Op.OPEN, exe, null, 1, 100 + child % 100, child, child, 0, 0, OpenFlags.EXEC, 0));
                    w.record(s -> new ProcessEvent.Exec(s, 0, child, child, exe, List.of("tool", "--n", "" + child)));
                    for (int j = 0; j < 3; j++) {
                        int fno = (child * 31 + j) % FILES; // one inode per file, as TraceFs records them
                        String file = "/srv/data/d" + (fno % 200) + "/f" + fno;
                        w.record(s -> new FileEvent(s, 0, Op.OPEN, file, null, 1, 1000 + fno, child, child, 0, 0, 0, 0));
                    }
                    w.record(s -> new FileEvent(s, 0, Op.GETATTR, "/etc/missing" + (child % 50), null, 0, 0, child,
                            child, 0, 0, 0, 2));
                    w.record(s -> new ProcessEvent.Exit(s, 0, child, child, 0, 0));
                }
            }
            w.finish(0);
        }
        List<ManifestEntry> entries = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            String path = "/srv/data/d" + (i % 200) + "/f" + i;
            entries.add(new ManifestEntry(path, FileType.FILE, 0644, 0, 0, 1000 + i, 0, null, null,
                    List.of(new Reason("strict: touched by an important process or a descendant", 2 + (i % 1000),
                            "/usr/bin/tool" + (i % 100), "open"))));
        }
        Path set = dir.resolve("big.json");
        ManifestJson.write(Manifest.of("/nonexistent", "strict", List.of("init"), List.of(), List.of(), entries), set);

        long t0 = System.nanoTime();
        ReportInput input = ReportLoader.load(List.of(set), trace, null, null, null, n -> { });
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
