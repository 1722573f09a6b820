package depset.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class HostImportanceTest {
    private static final Map<String, String> HOSTS = Map.of("lb", "10.0.0.1", "web", "10.0.0.3", "db", "10.0.0.4");

    private static FlowsFile run(List<Flow> flows) {
        Map<String, List<String>> important = new java.util.LinkedHashMap<>();
        important.put("lb", List.of("haproxy"));
        important.put("web", List.of("nginx"));
        important.put("db", List.of("mariadbd"));
        return FlowsFile.of(HOSTS, important, flows);
    }

    @Test
    void theClientOfAnImportantServerBecomesImportantAlongChains() {

        // haproxy is important already; php-fpm becomes important through db, then nothing more.
        FlowsFile f = run(List.of(
                new Flow("web", List.of("php-fpm"), "db", 3306, List.of("mariadbd"), "x"),
                new Flow("lb", List.of("haproxy", "logger"), "web", 9000, List.of("php-fpm"), "x"),
                new Flow("visitor", List.of(), "lb", 80, List.of("haproxy"), "x")));
        Map<String, List<String>> imp = HostImportance.of(f, true);
        assertThat(imp.get("web")).containsExactly("nginx", "php-fpm");
        // php-fpm became important on web, so its client logger on lb does too (the second pass)
        assertThat(imp.get("lb")).containsExactly("haproxy", "logger");
        assertThat(imp.get("db")).containsExactly("mariadbd");
        assertThat(HostImportance.added(f)).extracting(HostImportance.Added::describe).containsExactly(
                "php-fpm on web: a client of db's mariadbd (port 3306)",
                "logger on lb: a client of web's php-fpm (port 9000)");
        // the user can say otherwise
        assertThat(HostImportance.of(f, false).get("web")).containsExactly("nginx");
    }

    @Test
    void aFlowToAServerThatIsNotImportantAddsNothing() {
        FlowsFile f = run(List.of(new Flow("web", List.of("curl"), "db", 22, List.of("sshd"), "x")));
        assertThat(HostImportance.of(f, true).get("web")).containsExactly("nginx");
    }

    @Test
    void flowsFilesRoundTripAndHostTracesSitBesideTheTrace(@TempDir Path dir) throws Exception {
        FlowsFile f = run(List.of(new Flow("web", List.of("php-fpm"), "db", 3306, List.of("mariadbd"), "after x")));
        Path file = HostTraces.flows(dir.resolve("lamp2.jsonl"));
        assertThat(file.getFileName().toString()).isEqualTo("lamp2.flows.json");
        f.write(file);
        FlowsFile back = FlowsFile.read(file);
        assertThat(back).isEqualTo(f);
        assertThat(back.hostNames()).containsExactly("lb", "web", "db");
        assertThat(HostTraces.of(dir.resolve("lamp2.jsonl.gz"), "web").getFileName().toString())
                .isEqualTo("lamp2.web.jsonl.gz");
    }
}
