package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-host {@code lamp2} sequence end to end, as a user runs depset (bin/depset, a separate
 * process): a traced run gives one trace per host and the flows between them; depset killed with
 * SIGKILL in the middle of a run leaves no namespace, veth, bridge or mount behind.
 */
@Tag("guest")
@EnabledIf(value = "depset.vm.guest.GuestBuilder#canBuildGuests",
        disabledReason = "the guest tier needs root, /dev/fuse, libfuse2 and debootstrap")
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class MultiHostGuestTest {
    private static final List<String> NAMESPACES = List.of("net", "mnt", "uts", "ipc", "pid");

    @TempDir
    Path work;

    @Test
    void aTracedRunGivesATracePerHostAndTheFlowWebToDb() throws Exception {
        DepsetProcess.Result r = DepsetProcess.start(work, "run", "--sequence", "lamp2", "--trace", "lamp2.jsonl")
                .await(15);
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("lamp2: PASS");
        String web = Files.readString(work.resolve("lamp2.web.jsonl"));
        String db = Files.readString(work.resolve("lamp2.db.jsonl"));
        // each trace is its host's: its name in the header, its own steps, the other's server never run there
        assertThat(web).contains("\"host\":\"web\"").contains("\"step\":\"web: boot service apache2 start\"")
                .doesNotContain("\"step\":\"db: ");
        assertThat(db).contains("\"host\":\"db\"").contains("\"step\":\"db: boot service mariadb start\"")
                .doesNotContain("\"step\":\"web: ");
        JsonNode flows = new ObjectMapper().readTree(work.resolve("lamp2.flows.json").toFile());
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

        // A set per host: each has what its server needs of the one LAMP tree, and nothing of the other's.
        DepsetProcess.Result a = DepsetProcess.start(work, "analyze", "lamp2.flows.json", "-s", "all", "-o", "set.json")
                .await(10);
        assertThat(a.status()).as(a.stderr()).isZero();
        String webSet = Files.readString(work.resolve("set.web.json"));
        String dbSet = Files.readString(work.resolve("set.db.json"));
        assertThat(webSet).contains("\"/usr/sbin/apache2\"").contains("libphp").contains("\"run\" : \"host web\"")
                .doesNotContain("\"/usr/sbin/mariadbd\"").doesNotContain("/var/lib/mysql/ibdata1")
                .doesNotContain("/var/lib/mysql/ib_logfile");
        assertThat(dbSet).contains("\"/usr/sbin/mariadbd\"").contains("/var/lib/mysql/ibdata1")
                .doesNotContain("\"/usr/sbin/apache2\"").doesNotContain("php");
    }

    @Test
    void sigkillInTheMiddleOfATwoHostRunLeavesNothingBehind() throws Exception {
        Set<String> before = machineLinks();
        DepsetProcess d = DepsetProcess.start(work, "run", "--sequence", "lamp2", "--trace", "k.jsonl");
        Path web = work.resolve("k.web.jsonl");
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
