package depset.hosts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The hosts and flows of a multi-host run, next to its per-host traces: {@code {"format": "depset-flows",
 * "version": 1, "hosts": {"web": "192.168.1.3", …}, "important": {"web": ["apache2"], …},
 * "flows": [Flow…]}}. A file of its own rather than
 * events in a trace: each host's trace is written by that host's TraceFs, while a flow joins two
 * hosts' sockets and belongs to neither.
 *
 * @param hosts     each party's LAN address, by name (the visitor too)
 * @param important each host's important processes, as its sequence declares them
 * @param flows     the flows, in the order first seen
 */
public record FlowsFile(String format, int version, Map<String, String> hosts, Map<String, List<String>> important,
                        List<Flow> flows) {
    public static final String FORMAT = "depset-flows";
    public static final int VERSION = 1;

    public FlowsFile {
        for (Object[] field : new Object[][] {{"hosts", hosts}, {"important", important}, {"flows", flows}}) {
            if (field[1] == null) {
                throw new IllegalArgumentException("no \"" + field[0] + "\" field");
            }
        }
        hosts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hosts));
        important = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(important));
        flows = List.copyOf(flows);
    }

    public static FlowsFile of(Map<String, String> hosts, Map<String, List<String>> important, List<Flow> flows) {
        return new FlowsFile(FORMAT, VERSION, hosts, important, flows);
    }

    /** The hosts (every party but the visitor), in the order the sequence declares them. */
    public List<String> hostNames() {
        return important.keySet().stream().toList();
    }

    public void write(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }

    /** Reads a flows file; a missing file, or one of another format or version, is bad input. */
    public static FlowsFile read(Path file) throws IOException {
        FlowsFile f;
        try {
            f = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(Files.readAllBytes(file), FlowsFile.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new depset.trace.BadInputException("no such run: " + file);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new depset.trace.BadInputException(file + ": not a flows file: " + depset.trace.JsonProblem.describe(e));
        }
        if (!FORMAT.equals(f.format()) || f.version() != VERSION) {
            throw new depset.trace.BadInputException(file + ": not a " + FORMAT + " file of version " + VERSION);
        }
        return f;
    }
}
