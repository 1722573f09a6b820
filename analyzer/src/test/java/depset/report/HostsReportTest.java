package depset.report;

import static org.assertj.core.api.Assertions.assertThat;

import depset.hosts.Flow;
import depset.hosts.FlowsFile;
import depset.hosts.HostSets;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The multi-host page from constructed sets and flows: both hosts side by side, the flows as a graph. */
@Tag("unit")
class HostsReportTest {
    private static Manifest set(String host, String... paths) {
        return set(host, List.of(), paths);
    }

    private static Manifest set(String host, List<String> important, String... paths) {
        List<ManifestEntry> entries = new java.util.ArrayList<>();
        for (String p : paths) {
            entries.add(new ManifestEntry(p, FileType.FILE, 0755, 0, 0, 1_000_000, 0, null, null,
                    List.of(new Reason("strict: touched by an important process", 7, p, "exec"))));
        }
        return HostSets.forHost(Manifest.of("/guest", "all", important, List.of(), List.of(), entries), host);
    }

    @Test
    void showsTheHostsSideBySideAndEveryFlowInTheGraph() {
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("web", "192.168.1.3");
        hosts.put("db", "192.168.1.4");
        hosts.put("visitor", "192.168.1.2");
        Map<String, List<String>> important = new LinkedHashMap<>();
        important.put("web", List.of("apache2"));
        important.put("db", List.of("mariadbd"));
        FlowsFile run = FlowsFile.of(hosts, important, List.of(
                new Flow("web", List.of("apache2"), "db", 3306, List.of("mariadbd"), "after get"),
                new Flow("visitor", List.of(), "web", 80, List.of("apache2"), "after get")));
        String html = HostsReport.html("lamp2", run, List.of(
                new HostsReport.HostSet("web", set("web", List.of("apache2"), "/usr/sbin/apache2",
                        "/usr/lib/apache2/modules/libphp8.2.so"), "r.web.html"),
                new HostsReport.HostSet("db", set("db", List.of("mariadbd"), "/usr/sbin/mariadbd"), "r.db.html")));
        assertThat(html).contains("<h1>lamp2: 2 hosts</h1>");
        int web = html.indexOf("data-host=\"web\"");
        int db = html.indexOf("data-host=\"db\"");
        assertThat(web).isPositive().isLessThan(db);
        assertThat(html.substring(web, db)).contains("2 entries, 2.0 MB").contains("/usr").contains("r.web.html")
                .contains("important: apache2");
        assertThat(html).contains("<g class=\"edge\" data-client=\"web\" data-server=\"db\" data-port=\"3306\">")
                .contains("apache2 → :3306 mariadbd").contains("? → :80 apache2")
                .contains("web (apache2) → db:3306 (mariadbd)")
                .contains("data-party=\"visitor\"");
    }

    @Test
    void eachHostShowsTheImportantProcessesItsSetWasMadeWithFlowsOrNot() {
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("web", "192.168.1.3");
        hosts.put("db", "192.168.1.4");
        Map<String, List<String>> important = new LinkedHashMap<>();
        important.put("web", List.of("nginx"));
        important.put("db", List.of("mariadbd"));
        // php-fpm on web reads db's mariadbd: flows make it important on web, unless analyze was told not to.
        FlowsFile run = FlowsFile.of(hosts, important, List.of(
                new Flow("web", List.of("php-fpm"), "db", 3306, List.of("mariadbd"), "after get")));
        String withFlows = HostsReport.html("two", run, List.of(
                new HostsReport.HostSet("web", set("web", List.of("nginx", "php-fpm"), "/usr/sbin/nginx"), null),
                new HostsReport.HostSet("db", set("db", List.of("mariadbd"), "/usr/sbin/mariadbd"), null)));
        String without = HostsReport.html("two", run, List.of(
                new HostsReport.HostSet("web", set("web", List.of("nginx"), "/usr/sbin/nginx"), null),
                new HostsReport.HostSet("db", set("db", List.of("mariadbd"), "/usr/sbin/mariadbd"), null)));
        assertThat(withFlows).contains("important: nginx, php-fpm")
                .contains("php-fpm on web: a client of db's mariadbd (port 3306)");
        assertThat(without).as("a set made with --no-flow-importance").contains("important: nginx</p>")
                .doesNotContain("php-fpm on web: a client of");
    }
}
