package depset.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph view's model, computed in Java: groups, sizes, first strategy, additions, repairs, misses. */
@Tag("unit")
class GraphModelTest {
    @TempDir
    Path dir;

    private static int indexOf(JsonNode array, String value) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).asText().equals(value)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void pathsGroupBySetsStrategiesRepairsAndMissesAreTiedToTheirProcesses() throws Exception {
        ReportFixture f = ReportFixture.build(dir);
        // a second set: strict plus a repaired time zone file, as the auto loop writes it
        Manifest strict = ManifestJson.read(f.set);
        List<ManifestEntry> more = new ArrayList<>(strict.entries());
        more.add(new ManifestEntry("/usr/share/zoneinfo/UTC", FileType.FILE, 0644, 0, 0, 118, 0, null, null,
                List.of(new Reason("repair round 1: process 4242 (/usr/bin/vim.basic) probed it", 4242,
                        "/usr/bin/vim.basic", "probe-missing"))));
        Path auto = dir.resolve("auto.json");
        ManifestJson.write(strict.withEntries("auto", more), auto);
        Path verify = dir.resolve("rounds.json");
        Files.writeString(verify, """
                {"result": "PASS", "verify": {"pass": true, "missing": [], "round": 1},
                 "rounds": [{"pass": false, "round": 0, "missing": [{"path": "/usr/share/zoneinfo/UTC", "pid": 4242,
                 "exe": "/usr/bin/vim.basic", "operation": "open"}]}, {"pass": true, "round": 1, "missing": []}]}
                """);

        ReportInput in = ReportLoader.load(List.of(f.set, auto), f.trace, verify, null, null, n -> { });
        JsonNode d = new ObjectMapper().readTree(HtmlReport.dataJson(in));
        JsonNode g = d.get("graph");
        JsonNode paths = d.get("trace").get("paths");
        JsonNode procs = d.get("trace").get("procs");

        // names as depset query's selectors see them, and the phase step's root
        assertThat(g.get("names").toString()).isEqualTo("[\"init\",\"sh\",\"ls\",\"vim.basic\"]");
        assertThat(g.get("stepRoots").toString()).isEqualTo("[[0,\"check\"]]");
        // libc.so.6 groups under libc6 and its directory; a file no package owns has no package
        int libc = indexOf(paths, "/usr/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(g.get("pkgs").get(g.get("pathPkg").get(libc).asInt()).asText()).isEqualTo("libc6");
        assertThat(g.get("dirs").get(g.get("pathDir").get(libc).asInt()).asText()).isEqualTo("/usr/lib/x86_64-linux-gnu");
        assertThat(g.get("pathPkg").get(indexOf(paths, "/srv/app/app.py")).asInt()).isEqualTo(-1);
        assertThat(g.get("pathBytes").get(libc).asLong())
                .isEqualTo(Files.size(f.root.resolve("usr/lib/x86_64-linux-gnu/libc.so.6")));
        // every path of strict is first in strict; a probe that found nothing is in no set
        assertThat(g.get("pathSet").get(libc).asInt()).isZero();
        assertThat(g.get("pathSet").get(indexOf(paths, "/etc/ld.so.preload")).asInt()).isEqualTo(-1);
        // auto adds the one file over strict, with its bytes, under its directory
        JsonNode added = g.get("additions").get(1);
        assertThat(added.get("count").asInt()).isEqualTo(1);
        assertThat(added.get("bytes").asLong()).isEqualTo(118);
        assertThat(added.get("dirs").toString()).isEqualTo("[[\"/usr/share/zoneinfo\",1,118]]");
        assertThat(g.get("additions").get(0).get("count").asInt()).isEqualTo(strict.entries().size());
        // processes by the first set whose reasons name them: strict names sh (a symlink on its path), ls and
        // vim; init is in no reason; auto's repair names the verifying run's pid, which is no process here
        assertThat(g.get("procSet").toString()).isEqualTo("[-1,0,0,0]");
        assertThat(g.get("additions").get(0).get("procs").asInt()).isEqualTo(3);
        assertThat(g.get("additions").get(1).get("procs").asInt()).isZero();
        // no repair in strict (the first set is the one explained)
        assertThat(g.get("repairs")).isEmpty();
        // the round-0 miss, tied to vim (the trace's process running the program that looked for it)
        JsonNode miss = g.get("misses").get(0);
        assertThat(miss.get(0).asText()).isEqualTo("/usr/share/zoneinfo/UTC");
        assertThat(miss.get(3).toString()).isEqualTo("[0]");
        assertThat(miss.get(4)).hasSize(1);
        assertThat(procs.get(miss.get(4).get(0).asInt()).get(0).asInt()).isEqualTo(30);

        // with the auto set first, its repair round is listed with the reason
        JsonNode g2 = new ObjectMapper().readTree(HtmlReport.dataJson(
                ReportLoader.load(List.of(auto), f.trace, null, null, null, n -> { }))).get("graph");
        assertThat(g2.get("repairs").toString()).isEqualTo("[[1,1,118,[[\"/usr/share/zoneinfo/UTC\","
                + "\"repair round 1: process 4242 (/usr/bin/vim.basic) probed it\",\"/usr/bin/vim.basic\"]]]]");
    }
}
