package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The two-host {@code lamp2} sequence end to end, as a user runs depset (bin/depset, a separate
 * process), from one evaluation (its traced run gives the traces and flows the other checks read):
 * issue 14's acceptance. A second, short run is killed with SIGKILL in the middle and must leave no
 * namespace, veth, bridge or mount behind.
 */
@Tag("guest")
@EnabledIf(value = "depset.vm.guest.GuestBuilder#canBuildGuests",
        disabledReason = "the guest tier needs root, /dev/fuse, libfuse2 and debootstrap")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class MultiHostGuestTest {
    private static final List<String> NAMESPACES = List.of("net", "mnt", "uts", "ipc", "pid");
    private static final List<String> STRATEGIES = List.of("complete guest", "strict", "system", "execd", "all", "auto");

    @TempDir
    static Path work;

    private static Path lamp2;
    private static DepsetProcess.Result eval;

    @BeforeAll
    @Timeout(value = 50, unit = TimeUnit.MINUTES) // builds the LAMP guest when it is not cached yet
    static void evaluateLamp2() throws Exception {
        Path out = work.resolve("eval");
        eval = DepsetProcess.start(work, "eval", "--sequences", "lamp2", "--out", out.toString(), "--no-reprozip",
                "--no-strace").await(45);
        lamp2 = out.resolve("lamp2");
    }

    @Test
    void everyHostHasARowPerStrategyAndAutoWorksForBoth() throws Exception {
        assertThat(eval.status()).as(eval.stdout() + eval.stderr()).isZero();
        JsonNode doc = new ObjectMapper().readTree(lamp2.resolveSibling("eval.json").toFile());
        List<String> seen = new ArrayList<>();
        for (JsonNode row : doc.get("rows")) {
            String test = row.get("test").asText();
            String strategy = row.get("strategy").asText();
            seen.add(test + "/" + strategy);
            if (strategy.equals("complete guest") || strategy.equals("auto") || strategy.equals("all")) {
                // a host is functional only if the whole sequence passes: every row of the pair says so
                assertThat(row.get("functional").asBoolean()).as(test + " " + strategy + ": " + row).isTrue();
            }
            if (!strategy.equals("complete guest") && test.contains("/")) {
                assertThat(row.get("bytes").asLong()).as(row.toString()).isPositive();
                assertThat(row.get("files").asLong()).as(row.toString()).isPositive();
            }
        }
        for (String s : STRATEGIES) {
            assertThat(seen).contains("lamp2/web/" + s, "lamp2/db/" + s, "lamp2/" + s);
        }
        assertThat(eval.stdout()).contains("| lamp2/web | auto |").contains("| lamp2/db | auto |");
    }

    @Test
    void eachHostsSetHoldsItsOwnServerAndNothingOfTheOther() throws Exception {
        for (String strategy : List.of("all", "auto")) {
            String web = Files.readString(lamp2.resolve("set." + strategy + ".web.json"));
            String db = Files.readString(lamp2.resolve("set." + strategy + ".db.json"));
            assertThat(web).as(strategy).contains("\"/usr/sbin/apache2\"").contains("libphp")
                    .contains("\"run\" : \"host web\"").doesNotContain("\"/usr/sbin/mariadbd\"")
                    .doesNotContain("/var/lib/mysql/ibdata1").doesNotContain("/var/lib/mysql/ib_logfile");
            assertThat(db).as(strategy).contains("\"/usr/sbin/mariadbd\"").contains("/var/lib/mysql/ibdata1")
                    .contains("\"run\" : \"host db\"").doesNotContain("\"/usr/sbin/apache2\"").doesNotContain("php");
        }
    }

    @Test
    void theTracedRunGivesATracePerHostAndTheFlowWebToDb() throws Exception {
        String web = Files.readString(lamp2.resolve("trace.web.jsonl"));
        String db = Files.readString(lamp2.resolve("trace.db.jsonl"));
        assertThat(web).contains("\"host\":\"web\"").contains("\"step\":\"web: boot service apache2 start\"")
                .doesNotContain("\"step\":\"db: ");
        assertThat(db).contains("\"host\":\"db\"").contains("\"step\":\"db: boot service mariadb start\"")
                .doesNotContain("\"step\":\"web: ");
        JsonNode flows = new ObjectMapper().readTree(lamp2.resolve("trace.flows.json").toFile());
        boolean webToDb = false;
        for (JsonNode f : flows.get("flows")) {
            if (f.get("client").asText().equals("web") && f.get("server").asText().equals("db")
                    && f.get("port").asInt() == 3306) {
                webToDb = true;
                assertThat(f.get("clientProcesses").toString()).contains("apache2");
                assertThat(f.get("serverProcesses").toString()).contains("mariadbd");
            }
        }
        assertThat(webToDb).as(flows.toString()).isTrue();
    }

    /** Analyze and report of the run, the report opened in a real headless Chromium. */
    @Test
    void theReportShowsBothHostsAndTheFlowWebToDb() throws Exception {
        Path run = lamp2.resolve("trace.flows.json");
        Path dir = Files.createDirectories(work.resolve("report"));
        DepsetProcess.Result a = DepsetProcess.start(dir, "analyze", run.toString(), "-s", "all", "-o", "set.json")
                .await(10);
        assertThat(a.status()).as(a.stderr()).isZero();
        assertThat(a.stdout()).contains("web").contains("db");
        Path html = dir.resolve("lamp2.html");
        DepsetProcess.Result r = DepsetProcess.start(dir, "report", run.toString(), "set.web.json", "set.db.json",
                "-o", html.toString(), "--quiet").await(10);
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(dir.resolve("lamp2.web.html")).isRegularFile();
        ChromeDriver driver = SeeingEndToEndTest.chromium(Files.createDirectories(work.resolve("chromium-profile")));
        try {
            driver.get(html.toUri().toString());
            assertThat(driver.findElement(By.tagName("body")).getAttribute("data-ready")).isEqualTo("true");
            List<WebElement> hosts = driver.findElements(By.cssSelector("#hosts .host"));
            assertThat(hosts).extracting(h -> h.getAttribute("data-host")).containsExactly("web", "db");
            assertThat(hosts.get(0).getLocation().getY()).isEqualTo(hosts.get(1).getLocation().getY()); // side by side
            assertThat(hosts.get(0).getLocation().getX()).isLessThan(hosts.get(1).getLocation().getX());
            WebElement edge = driver.findElement(By.cssSelector(
                    "#flow-graph g.edge[data-client='web'][data-server='db'][data-port='3306']"));
            assertThat(edge.getText()).contains("apache2").contains(":3306").contains("mariadbd");
            assertThat(edge.isDisplayed()).isTrue();
            hosts.get(0).findElement(By.tagName("a")).click();
            assertThat(driver.getCurrentUrl()).endsWith("lamp2.web.html");
            Path shot = Path.of("target", "report-lamp2-hosts.png");
            driver.navigate().back();
            Files.createDirectories(shot.getParent());
            Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.quit();
        }
    }

    @Test
    void sigkillInTheMiddleOfATwoHostRunLeavesNothingBehind() throws Exception {
        Path dir = Files.createDirectories(work.resolve("killed"));
        Set<String> before = machineLinks();
        DepsetProcess d = DepsetProcess.start(dir, "run", "--sequence", "lamp2", "--trace", "k.jsonl");
        Path web = dir.resolve("k.web.jsonl");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        // Both hosts are up: db's MariaDB has started and web's Apache is starting.
        while (!contains(web, "web: boot service apache2 start")) {
            if (System.nanoTime() > deadline || !d.process.isAlive()) {
                d.process.destroyForcibly();
                throw new AssertionError("the run did not reach web's apache2: " + Files.readString(d.err));
            }
            Thread.sleep(100);
        }
        List<ProcessHandle> started = d.process.descendants().toList();
        Set<String> namespaces = new HashSet<>();
        for (ProcessHandle p : started) {
            namespaces.addAll(namespacesOf(p.pid()));
        }
        namespaces.removeAll(namespacesOf(ProcessHandle.current().pid())); // the machine's own
        assertThat(namespaces).as("the run's own namespaces").isNotEmpty();
        d.process.destroyForcibly(); // SIGKILL to depset's JVM: no code of depset runs after this
        d.process.waitFor(30, TimeUnit.SECONDS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (started.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(started).as("the processes depset started").noneMatch(ProcessHandle::isAlive);
        // No process of the machine is in any of the run's namespaces: the kernel has dropped them, and
        // with them the veth pairs, the bridge and every mount made inside.
        Set<String> left = new HashSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (name.matches("\\d+")) {
                    Set<String> ns = namespacesOf(Long.parseLong(name));
                    ns.retainAll(namespaces);
                    left.addAll(ns);
                }
            }
        }
        assertThat(left).as("namespaces of the run still held").isEmpty();
        assertThat(machineLinks()).as("the machine's network interfaces").isEqualTo(before);
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        assertThat(mounts).as("the machine's mounts").doesNotContain("depset-").doesNotContain("/guests/lamp-");
    }

    private static boolean contains(Path file, String text) throws IOException {
        return Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text);
    }

    /** The namespaces of process {@code pid} as {@code net:[4026531840]}; empty once it is gone. */
    private static Set<String> namespacesOf(long pid) {
        Set<String> out = new HashSet<>();
        for (String n : NAMESPACES) {
            try {
                out.add(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", n)).toString());
            } catch (IOException e) {
                // gone, or a kernel thread
            }
        }
        return out;
    }

    private static Set<String> machineLinks() throws IOException {
        Set<String> links = new HashSet<>();
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            s.forEach(p -> links.add(p.getFileName().toString()));
        }
        return links;
    }
}
