package depset.show;

import depset.graph.DependencyGraph;
import depset.manifest.ManifestJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads what {@code depset show} is given: a trace (JSON Lines, maybe gzip) or a set (a manifest). */
public final class ShowSource {
    private ShowSource() {
    }

    /**
     * True when the file is a trace: gzip, or a first JSON object with a {@code "k"} field (every
     * trace line has one, a manifest never). Read as a stream, field by field, however long the
     * first values are (a header with a long command is still a trace).
     */
    public static boolean isTrace(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            if (head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                return true;
            }
        }
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(file.toFile())) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("k")) {
                    return true;
                }
                if (name.equals("schemaVersion") || name.equals("entries")) {
                    return false;
                }
                p.skipChildren();
            }
            return false;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false; // the manifest reader names what is wrong
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
        return isTrace(file) ? depset.graph.DependencyGraph.read(file, progress) : ManifestGraph.of(ManifestJson.read(file));
    }
}
