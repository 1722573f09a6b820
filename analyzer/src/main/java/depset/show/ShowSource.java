package depset.show;

import depset.graph.DependencyGraph;
import depset.manifest.ManifestJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads what {@code depset show} is given: a trace (JSON Lines, maybe gzip) or a set (a manifest). */
public final class ShowSource {
    private ShowSource() {
    }

    /** True when the file starts like a trace: gzip, or a first line that is a trace header. */
    public static boolean isTrace(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(256);
            if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                return true;
            }
            String s = new String(head, StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            String first = nl < 0 ? s : s.substring(0, nl);
            return first.contains("\"k\":\"header\"") || first.contains("\"k\": \"header\"");
        }
    }

    /** The graph of a trace, or of a set's reasons and process table. */
    public static DependencyGraph load(Path file) throws IOException {
        return load(file, n -> { });
    }

    /** As {@link #load(Path)}, telling {@code progress} how many trace events were read now and then. */
    public static DependencyGraph load(Path file, java.util.function.LongConsumer progress) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such trace or set");
        }
        return isTrace(file) ? depset.report.TraceGraphs.read(file, progress) : ManifestGraph.of(ManifestJson.read(file));
    }
}
