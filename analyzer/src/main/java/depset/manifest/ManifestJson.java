package depset.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes manifests as JSON: sorted keys and entries, so that the same set gives the same
 * bytes, and a schema version checked on reading.
 */
public final class ManifestJson {
    // Names are kept exactly (depset.trace.FileNames): their escaped bytes are lone surrogates,
    // which must be written as backslash-u escapes (see SurrogateEscapes).
    private static final ObjectMapper MAPPER = JsonMapper.builder(jsonFactory())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private ManifestJson() {
    }

    private static com.fasterxml.jackson.core.JsonFactory jsonFactory() {
        com.fasterxml.jackson.core.JsonFactory f = new com.fasterxml.jackson.core.JsonFactory();
        f.setCharacterEscapes(new depset.trace.SurrogateEscapes());
        return f;
    }

    /** Writes {@code manifest} to {@code file}, streamed: a set of many files is never one string in memory. */
    public static void write(Manifest manifest, Path file) throws IOException {
        try (java.io.Writer w = Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
            MAPPER.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .writeValue(w, manifest);
            w.write('\n');
        }
    }

    public static String toJson(Manifest manifest) {
        try {
            return MAPPER.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a manifest", e);
        }
    }

    /**
     * Reads a manifest.
     *
     * @throws ManifestFormatException when the file is not a manifest this version can read
     */
    public static Manifest read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such manifest");
        }
        byte[] bytes = Files.readAllBytes(file);
        String json;
        try {
            json = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ManifestFormatException(file + ": not a depset manifest (not UTF-8 text)");
        }
        return parse(file.toString(), json);
    }

    public static Manifest parse(String source, String json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ManifestFormatException(source + ": not JSON: " + firstLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (tree == null || !tree.isObject() || !tree.has("schemaVersion")) {
            throw new ManifestFormatException(source + ": not a depset manifest (no schemaVersion)");
        }
        int version = tree.get("schemaVersion").asInt(-1);
        if (version != Manifest.SCHEMA_VERSION) {
            throw new ManifestFormatException(source + ": manifest schema version " + tree.get("schemaVersion")
                    + " is not supported (this depset reads version " + Manifest.SCHEMA_VERSION + ")");
        }
        try {
            Manifest m = MAPPER.treeToValue(tree, Manifest.class);
            if (m.entries() == null) {
                throw new ManifestFormatException(source + ": manifest has no entries list");
            }
            for (ManifestEntry e : m.entries()) {
                if (e == null) {
                    throw new ManifestFormatException(source + ": malformed manifest: a null entry");
                }
                if (!depset.trace.FileNames.isValid(e.path())
                        || (e.target() != null && !depset.trace.FileNames.isValid(e.target()))) {
                    throw new ManifestFormatException(source + ": malformed manifest: a name holds a lone surrogate"
                            + " that stands for no byte");
                }
            }
            return m;
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ManifestFormatException(source + ": malformed manifest: " + firstLine(msg));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A file that is not a manifest this version can read; the message says where and why. */
    public static final class ManifestFormatException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ManifestFormatException(String message) {
            super(message);
        }
    }
}
