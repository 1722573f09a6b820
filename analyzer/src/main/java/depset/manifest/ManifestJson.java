package depset.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import depset.trace.FileNames;
import depset.trace.JsonProblem;
import java.io.IOException;
import java.io.InputStream;
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
            // Hostile input: "0755" is not 755, 1.5 is not 1, and a key given twice is an error.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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
        write(manifest, file, false);
    }

    /**
     * As {@link #write(Manifest, Path)}, through the one output writer: whole or not at all, and a
     * symlink at {@code file} replaced only with {@code force}.
     */
    public static void write(Manifest manifest, Path file, boolean force) throws IOException {
        depset.output.OutputFile.writeText(file, force, w -> {
            MAPPER.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .writeValue(w, manifest);
            w.write('\n');
        });
    }

    public static String toJson(Manifest manifest) {
        try {
            return MAPPER.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a manifest", e);
        }
    }

    /**
     * The largest manifest read, in bytes: a set of a million entries is a few hundred MB; past
     * this a file is refused before any of it is parsed (documented with the manifest format).
     */
    public static final long MAX_BYTES = 1L << 30;

    /**
     * Reads a manifest, streamed and bounded: at most {@link #MAX_BYTES}, one JSON document and
     * nothing after it, every number of the range its field stands for (no string or fraction
     * taken for an integer), every path normal ({@link FileNames#pathProblem}).
     *
     * @throws ManifestFormatException when the file is not a manifest this version can read
     */
    public static Manifest read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such manifest");
        }
        String source = file.toString();
        if (Files.size(file) > MAX_BYTES) {
            throw new ManifestFormatException(source + ": larger than " + (MAX_BYTES >> 20)
                    + " MiB: not a depset manifest");
        }
        // Two streamed passes: the schema version first, so that a newer manifest is named as such
        // instead of failing on a field this version does not know; then the records.
        try (InputStream in = Files.newInputStream(file)) {
            checkVersion(source, in);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return bind(source, MAPPER.createParser(in));
        }
    }

    /** Reads a manifest from its JSON text, with the checks of {@link #read(Path)}. */
    public static Manifest parse(String source, String json) {
        try {
            checkVersion(source, new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return bind(source, MAPPER.createParser(json));
        } catch (IOException e) {
            throw new ManifestFormatException(source + ": " + e.getMessage());
        }
    }

    /** Streams the document once: one JSON object, nothing after it, schemaVersion the integer 1. */
    private static void checkVersion(String source, InputStream in) throws IOException {
        try (JsonParser p = MAPPER.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ManifestFormatException(source + ": not a depset manifest (not a JSON object)");
            }
            JsonToken version = null;
            long value = -1;
            String text = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("schemaVersion")) {
                    version = t;
                    text = p.getText();
                    value = t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                            ? p.getLongValue() : -1;
                }
                p.skipChildren();
            }
            if (p.nextToken() != null) {
                throw new ManifestFormatException(source + ": text after the manifest's JSON object (line "
                        + p.currentLocation().getLineNr() + ")");
            }
            if (version == null) {
                throw new ManifestFormatException(source + ": not a depset manifest (no schemaVersion)");
            }
            if (version != JsonToken.VALUE_NUMBER_INT) {
                throw new ManifestFormatException(source + ": schemaVersion must be an integer");
            }
            if (value != Manifest.SCHEMA_VERSION) {
                throw new ManifestFormatException(source + ": manifest schema version " + text
                        + " is not supported (this depset reads version " + Manifest.SCHEMA_VERSION + ")");
            }
        } catch (JsonProcessingException e) {
            throw new ManifestFormatException(source + ": not JSON: " + depset.trace.JsonProblem.describe(e));
        }
    }

    private static Manifest bind(String source, JsonParser parser) throws IOException {
        try (JsonParser p = parser) {
            Manifest m = MAPPER.readValue(p, Manifest.class);
            check(m);
            return m;
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException | ArithmeticException e) {
            String msg = e instanceof JsonProcessingException j ? depset.trace.JsonProblem.describe(j) : e.getMessage();
            if (e instanceof ArithmeticException) {
                msg = "the sizes add up to more than a long holds";
            }
            throw new ManifestFormatException(source + ": malformed manifest: " + JsonProblem.firstLine(msg));
        }
    }

    /** The ranges and rules the binding alone does not check; throws IllegalArgumentException. */
    private static void check(Manifest m) {
        problem(FileNames.pathProblem(m.sourceRoot()), "sourceRoot", m.sourceRoot());
        if (m.entries() == null) {
            throw new IllegalArgumentException("no entries list");
        }
        String previous = null;
        for (ManifestEntry e : m.entries()) {
            if (e == null) {
                throw new IllegalArgumentException("a null entry");
            }
            problem(FileNames.pathProblem(e.path()), "path", e.path());
            if (e.target() != null || e.type() == depset.trace.FileType.SYMLINK) {
                problem(FileNames.targetProblem(e.target()), "target of " + FileNames.printable(e.path()), e.target());
            }
            if (e.mode() < 0 || e.mode() > 07777) {
                throw new IllegalArgumentException(FileNames.printable(e.path()) + ": mode " + e.mode()
                        + " is outside 0–07777");
            }
            if (e.size() < 0) {
                throw new IllegalArgumentException(FileNames.printable(e.path()) + ": negative size " + e.size());
            }
            if (e.path().equals(previous)) {
                throw new IllegalArgumentException(FileNames.printable(e.path()) + " is listed twice");
            }
            previous = e.path(); // entries are sorted by path
        }
        for (ManifestProcess p : m.processes()) {
            if (p.pid() < 0 || p.ppid() < 0) {
                throw new IllegalArgumentException("a negative pid in the process table");
            }
        }
    }

    private static void problem(String problem, String field, String value) {
        if (problem != null) {
            throw new IllegalArgumentException(field + " " + problem
                    + (value == null || problem.startsWith("is longer") ? "" : ": " + FileNames.printable(value)));
        }
    }

    /** A file that is not a manifest this version can read; the message says where and why. */
    public static final class ManifestFormatException extends depset.trace.BadInputException {
        private static final long serialVersionUID = 1L;

        public ManifestFormatException(String message) {
            super(message);
        }
    }
}
