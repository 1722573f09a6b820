package depset.hosts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a multi-host run's files are, next to the trace file a command was given ({@code --trace
 * lamp2.jsonl}): one trace per host ({@code lamp2.web.jsonl}, {@code lamp2.db.jsonl}), each written by
 * that host's own TraceFs and readable by every command that reads a trace, and the flows between
 * them ({@code lamp2.flows.json}).
 */
public final class HostTraces {
    private HostTraces() {
    }

    /** Host {@code host}'s trace: {@code NAME.HOST.jsonl} (or {@code .jsonl.gz}) beside {@code trace}. */
    public static Path of(Path trace, String host) {
        String[] nameExt = split(trace);
        return trace.resolveSibling(nameExt[0] + "." + host + nameExt[1]);
    }

    /** A multi-host run's flows file ends with this. */
    public static final String FLOWS_SUFFIX = ".flows.json";

    /** The run's flows: {@code NAME.flows.json} beside {@code trace}. */
    public static Path flows(Path trace) {
        return trace.resolveSibling(split(trace)[0] + FLOWS_SUFFIX);
    }

    /** Whether {@code file} names a multi-host run (its flows file) rather than a trace. */
    public static boolean isRun(Path file) {
        return file.getFileName().toString().endsWith(FLOWS_SUFFIX);
    }

    /** Host {@code host}'s trace beside a run's flows file: {@code NAME.HOST.jsonl} or {@code .jsonl.gz}. */
    public static Optional<Path> ofRun(Path flowsFile, String host) {
        String name = flowsFile.getFileName().toString();
        if (!name.endsWith(FLOWS_SUFFIX)) {
            return Optional.empty();
        }
        String base = name.substring(0, name.length() - FLOWS_SUFFIX.length());
        for (String ext : List.of(".jsonl", ".jsonl.gz")) {
            Path p = flowsFile.resolveSibling(base + "." + host + ext);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String[] split(Path trace) {
        String f = trace.getFileName().toString();
        for (String ext : new String[] {".jsonl.gz", ".jsonl", ".gz"}) {
            if (f.endsWith(ext) && f.length() > ext.length()) {
                return new String[] {f.substring(0, f.length() - ext.length()), ext};
            }
        }
        return new String[] {f, ".jsonl"};
    }
}
