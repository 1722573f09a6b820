package depset.vm.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation's table, with the seed's figures beside depset's, as Markdown and JSON.
 *
 * @param rows    the rows, per sequence: complete guest, strategies in order, ReproZip
 * @param created when the evaluation ran (ISO-8601)
 * @param notes   what the run could not do (a missing component, a guest that failed its own sequence)
 */
public record EvalReport(List<EvalRow> rows, String created, List<String> notes) {
    /** The seed's results (Fedora Core 3, complete install 3.96 GB): test → strategy → "MB verdict". */
    static final Map<String, Map<String, String>> SEED = Map.of(
            "ls", Map.of("strict", "86 MB, broken", "system", "94 MB, works", "execd", "97 MB, works",
                    "all", "138 MB, works", EvalRow.COMPLETE, "3.96 GB"),
            "lamp", Map.of("strict", "99 MB, broken", "system", "107 MB, broken",
                    "execd", "110 MB, works (after manual tweaks)", "all", "138 MB, works",
                    EvalRow.COMPLETE, "3.96 GB"));

    public EvalReport {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /** The table as Markdown, one line per row. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| test | strategy | size (MB) | tar.gz (MB) | files | functional | unseen: passed/total steps | why not"
                + " | seed (FC3) |\n");
        md.append("|---|---|---:|---:|---:|---|---:|---|---|\n");
        for (EvalRow r : rows) {
            md.append("| ").append(r.test())
                    .append(" | ").append(r.strategy())
                    .append(" | ").append(mb(r.bytes()))
                    .append(" | ").append(mb(r.compressedBytes()))
                    .append(" | ").append(r.files() < 0 ? "–" : Long.toString(r.files()))
                    .append(" | ").append(r.functional() == null ? "not run" : r.functional() ? "yes" : "no")
                    .append(" | ").append(r.unseen())
                    .append(" | ").append(cell(whyNot(r)))
                    .append(" | ").append(SEED.getOrDefault(r.test(), Map.of()).getOrDefault(r.strategy(), ""))
                    .append(" |\n");
        }
        for (String n : notes) {
            md.append("\n").append("Note: ").append(n).append('\n');
        }
        return md.toString();
    }

    private static String whyNot(EvalRow r) {
        if (r.missing().isEmpty()) {
            return r.whyNot();
        }
        return r.whyNot() + " — missing: " + String.join(", ", r.missing());
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "–" : String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }

    private static String cell(String s) {
        String one = s.replace("\n", " ").replace("|", "\\|");
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    /** The report as JSON: every row's figures in bytes, and the seed's figures. */
    public void writeJson(Path file) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("created", created);
        doc.put("rows", rows);
        doc.put("notes", notes);
        doc.put("seed", SEED);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }

    public void writeMarkdown(Path file) throws IOException {
        Files.writeString(file, "# depset evaluation (" + created + ")\n\n" + markdown());
    }
}
