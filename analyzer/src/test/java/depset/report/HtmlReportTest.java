package depset.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class HtmlReportTest {
    @TempDir
    Path dir;

    private static JsonNode data(String html) throws Exception {
        String start = "<script type=\"application/json\" id=\"depset-data\">";
        int a = html.indexOf(start) + start.length();
        int b = html.indexOf("</script>", a);
        return new ObjectMapper().readTree(html.substring(a, b));
    }

    @Test
    void theReportIsOneFileWithEverySectionsData() throws Exception {
        ReportFixture f = ReportFixture.build(dir);
        StringWriter out = new StringWriter();
        HtmlReport.write(f.input(), out);
        String html = out.toString();

        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script src").doesNotContain("<link rel=\"stylesheet\"")
                .doesNotContain("/*DATA*/").doesNotContain("/*JS*/").doesNotContain("/*CSS*/");
        JsonNode d = data(html);
        assertThat(d.get("sets").get(0).get("strategy").asText()).isEqualTo("strict");
        assertThat(d.get("sourceBytes").asLong()).isPositive();
        assertThat(d.get("entries")).hasSize(15);
        JsonNode trace = d.get("trace");
        assertThat(trace.get("procs")).hasSize(4);
        assertThat(trace.get("complete").asBoolean()).isTrue();
        // vim's parent is sh, sh's parent is init: the why chain of server.key
        JsonNode vim = trace.get("procs").get(3);
        assertThat(vim.get(0).asInt()).isEqualTo(30);
        assertThat(trace.get("procs").get(vim.get(1).asInt()).get(0).asInt()).isEqualTo(10);
        assertThat(trace.get("failed").toString()).contains("/etc/ld.so.preload").contains("/home/nobody/.vimrc");
        assertThat(d.get("verify").get("missing").toString()).contains("/usr/share/zoneinfo/UTC");
        assertThat(d.get("verify").get("passed").asBoolean()).isFalse();
        assertThat(d.get("packages").toString()).contains("coreutils").contains("GPL-3+").contains("libc6")
                .contains("not machine-readable");
        assertThat(d.get("unowned").toString()).contains("/srv/app/app.py").contains("/etc/ld.so.cache");
        assertThat(d.get("secrets").toString()).contains("/srv/app/tls/server.key").contains("private-key");
    }

    @Test
    void aPathThatLooksLikeMarkupCannotEndTheDataScript() throws Exception {
        String evil = "/srv/</script><script>alert(1)</script>";
        Manifest m = Manifest.of("/nonexistent", "strict", List.of(), List.of(), List.of(), List.of(
                new ManifestEntry(evil, FileType.FILE, 0644, 0, 0, 1, 0, null, null, List.of(new Reason("strict", 0, null, null)))));
        StringWriter out = new StringWriter();
        HtmlReport.write(new ReportInput(List.of(new ReportInput.NamedSet("<evil>.json", m)), null, null, null, null, null), out);
        String html = out.toString();
        assertThat(html).doesNotContain("<script>alert(1)").contains("<title>depset report: &lt;evil&gt;.json</title>");
        assertThat(data(html).get("entries").get(0).get(0).asText()).isEqualTo(evil);
    }

    @Test
    void accessKindsAreTheAnalyzersAndOperationsMapToThem() {
        assertThat(HtmlReport.OP_GROUPS).contains("exec", "open", "probe-missing", "readlink");
        int m = HtmlReport.operationGroup("open,read");
        assertThat(m).isEqualTo(depset.graph.AccessKind.OPEN.bit() | depset.graph.AccessKind.READ.bit());
        assertThat(HtmlReport.operationGroup(null)).isZero();
        assertThat(HtmlReport.operationGroup("copyright")).isZero();
    }

    @Test
    void verifyJsonOfDepsetVerifyGivesTheFinalResultsMissingPaths() throws Exception {
        Path f = dir.resolve("v.json");
        java.nio.file.Files.writeString(f, """
                {"result": "FAIL",
                 "verify": {"pass": false, "missing": [{"path": "/usr/bin/mktemp", "operation": "probe", "process": "sh"}]},
                 "rounds": [{"pass": false, "missing": [{"path": "/etc/repaired-in-round-1"}]},
                            {"pass": false, "missing": [{"path": "/usr/bin/mktemp"}]}],
                 "stop": "rounds"}
                """);
        VerifyOutcome v = VerifyOutcome.read(f);
        assertThat(v.passed()).isFalse();
        assertThat(v.missing()).containsExactly("/usr/bin/mktemp");
    }
}
