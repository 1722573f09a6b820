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
 * @param kernelCache   what the kernel could answer without TraceFs ({@code depset.fs.KernelCache}'s
 *                      wire name: none, attributes, directories, names); null in traces written before
 *                      depset said so
 * @param sandboxMounts the root's directories on which depset's sandbox mounted file systems of its
 *                      own for the whole run ({@code /dev}, {@code /proc}, {@code /run}, {@code /sys}),
 *                      sorted; empty when depset did not mount them ({@code depset mount}, and traces
 *                      written before depset said so). Every built tree has them, and no set holds
 *                      them: the kernel may then cache their lookups as any other directory's
 */
public record TraceHeader(String format, int version, String sourceRoot, String startTime, String host,
                          String depsetVersion, List<String> command, String kernelCache,
                          List<String> sandboxMounts) {
    public static final String FORMAT = "depset-trace";
    public static final int VERSION = 1;
    /** The values of {@code kernelCache}: nothing, attributes, directories' names too, every name. */
    public static final String CACHE_NONE = "none";
    public static final String CACHE_ATTRIBUTES = "attributes";
    public static final String CACHE_DIRECTORIES = "directories";
    public static final String CACHE_NAMES = "names";

    public TraceHeader {
        command = command == null ? List.of() : List.copyOf(command);
        sandboxMounts = sandboxMounts == null ? List.of() : sandboxMounts.stream().sorted().toList();
    }

    /** A header that does not say what the kernel cached. */
    public TraceHeader(String format, int version, String sourceRoot, String startTime, String host,
                       String depsetVersion, List<String> command) {
        this(format, version, sourceRoot, startTime, host, depsetVersion, command, null, null);
    }

    /**
     * Whether the kernel could answer a process's walk through a directory without TraceFs while
     * this trace was recorded (kernelCache {@code directories} or {@code names}): a walk through a
     * directory another process had looked up is then not in the trace.
     */
    public boolean walksMayBeHidden() {
        return CACHE_DIRECTORIES.equals(kernelCache) || CACHE_NAMES.equals(kernelCache);
    }

    /** This header, saying what the kernel could cache while the trace was recorded. */
    public TraceHeader withKernelCache(String cache) {
        return new TraceHeader(format, version, sourceRoot, startTime, host, depsetVersion, command, cache,
                sandboxMounts);
    }

    /** This header, naming the root's directories the sandbox mounted file systems on (see {@link #sandboxMounts}). */
    public TraceHeader withSandboxMounts(List<String> mounts) {
        return new TraceHeader(format, version, sourceRoot, startTime, host, depsetVersion, command, kernelCache,
                mounts);
    }

    /** True when {@code path} is one of the root's directories the sandbox mounted a file system on. */
    public boolean isSandboxMount(String path) {
        return sandboxMounts.contains(path);
    }
}
