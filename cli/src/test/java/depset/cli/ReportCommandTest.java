package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAReportAndSaysWhatItHolds() throws Exception {
        Path set = dir.resolve("set.json");
        ManifestJson.write(Manifest.of(dir.toString(), "strict", List.of(), List.of(), List.of(), List.of(
                new ManifestEntry("/a", FileType.FILE, 0644, 0, 0, 3, 0, null, null, List.of(new Reason("strict", 0, null, null))))), set);
        Files.writeString(dir.resolve("a"), "abc");
        Path out = dir.resolve("r.html");
        CliRun run = CliRun.of("report", set.toString(), "-o", out.toString(), "--quiet");
        assertThat(run.exit()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).startsWith("depset: wrote " + out).contains("1 entries, 0 flagged secrets");
        assertThat(Files.readString(out)).contains("\"/a\"");
    }

    @Test
    void aBrokenTraceIsBadInputInOneLine() throws Exception {
        Path set = dir.resolve("set.json");
        ManifestJson.write(Manifest.of(dir.toString(), "strict", List.of(), List.of(), List.of(), List.of()), set);
        Path trace = dir.resolve("t.jsonl");
        Files.writeString(trace, "not json\n");
        CliRun run = CliRun.of("report", set.toString(), "--trace", trace.toString(), "-o", dir.resolve("r.html").toString());
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("t.jsonl").hasLineCount(1);
    }
}
