package depset.trace;

import java.util.List;

/**
 * The first line of a trace.
 *
 * @param format        always {@link #FORMAT}
 * @param version       the format version, {@link #VERSION} for what this code writes
 * @param sourceRoot    the root tree that was traced, as an absolute path on the tracing host
 * @param startTime     ISO-8601 instant of the start
 * @param host          the tracing host's name
 * @param depsetVersion the version of depset that wrote the trace
 * @param command       the command depset ran (empty for {@code depset mount})
 */
public record TraceHeader(String format, int version, String sourceRoot, String startTime, String host,
                          String depsetVersion, List<String> command) {
    public static final String FORMAT = "depset-trace";
    public static final int VERSION = 1;

    public TraceHeader {
        command = command == null ? List.of() : List.copyOf(command);
    }
}
