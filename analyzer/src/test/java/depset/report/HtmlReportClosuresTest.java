package depset.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The report's closures section: what each closure added and its bytes, told from the reasons. */
@Tag("unit")
class HtmlReportClosuresTest {
    private static ManifestEntry file(String path, long size, Reason... reasons) {
        return new ManifestEntry(path, FileType.FILE, 0644, 0, 0, size, 0, null, null, List.of(reasons));
    }

    @Test
    void eachClosuresEntriesAndBytes() throws Exception {
        Reason traced = new Reason("strict: touched", 5, "/usr/bin/php", "open");
        Manifest m = Manifest.of("/nonexistent", "auto+elf+packages", List.of(), List.of(), List.of(), List.of(
                file("/usr/bin/php", 1000, traced),
                file("/usr/lib/libz.so.1", 300, Reason.needed("elf: needed library", "DT_NEEDED libz.so.1", "/usr/bin/php")),
                new ManifestEntry("/usr/lib", FileType.DIRECTORY, 0755, 0, 0, 4096, 0, null, null,
                        List.of(Reason.needed("elf: parent directory", "lookup /usr/lib/libz.so.1", "/usr/lib/libz.so.1"))),
                file("/usr/share/php/a.php", 20, Reason.needed("packages: file of a package the set uses", "package php",
                        "/usr/bin/php")),
                // a file the trace chose too is not a closure's cost
                file("/usr/lib/libc.so.6", 2000, traced, Reason.needed("elf: needed library", "DT_NEEDED", "/usr/bin/php"))));
        String html = HtmlReport.dataJson(new ReportInput(List.of(new ReportInput.NamedSet("s.json", m)), null, null,
                null, null, null));
        JsonNode closures = new ObjectMapper().readTree(html).get("closures");
        assertThat(closures.toString()).isEqualTo("[[\"elf\",2,300],[\"packages\",1,20]]");
        Manifest plain = Manifest.of("/nonexistent", "strict", List.of(), List.of(), List.of(),
                List.of(file("/usr/bin/php", 1000, traced)));
        assertThat(new ObjectMapper().readTree(HtmlReport.dataJson(new ReportInput(
                List.of(new ReportInput.NamedSet("s.json", plain)), null, null, null, null, null))).has("closures")).isFalse();
    }
}
