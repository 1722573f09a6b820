package depset.cli;

import depset.fs.KernelCache;
import picocli.CommandLine.Option;

/**
 * The kernel cache options of {@code depset run} and {@code depset mount}: attributes cached by
 * default (shown to change no set), {@code --no-cache} for none, {@code --cache-directories} for
 * directories' names too, {@code --fast} for every name.
 */
final class CacheFlags {
    @Option(names = "--no-cache", description = {"let the kernel cache nothing: also the getattr that repeats a lookup's",
            "and fstat on a descriptor are recorded (about twice the requests; the same sets)"})
    boolean noCache;

    @Option(names = "--fast", description = {"let the kernel cache names and attributes for 10 s: faster, but a stat,",
            "access or failed lookup of a name any process looked up in the last 10 s is not recorded",
            "(opens, execs, readlinks, readdirs and writes always are); never the default"})
    boolean fast;

    // The default since attribute caching was shown lossless; still accepted for the scripts that give it.
    @Option(names = "--cache-attributes", hidden = true)
    boolean cacheAttributes;

    @Option(names = "--cache-directories", description = "let the kernel also cache the names of directories below the root's for 10 s:"
            + " a third of the requests; every file and missing name is still recorded, but a directory a process"
            + " only searched may drop out of strict, system and execd sets (docs/tracing.md)")
    boolean cacheDirectories;

    /** The mode asked for; a usage error for two at once. */
    KernelCache mode() {
        int given = (noCache ? 1 : 0) + (fast ? 1 : 0) + (cacheAttributes ? 1 : 0) + (cacheDirectories ? 1 : 0);
        if (given > 1) {
            throw new DepsetException(ExitCode.USAGE, "give one of --no-cache, --fast, --cache-directories and --cache-attributes");
        }
        if (cacheDirectories) {
            return KernelCache.DIRECTORIES;
        }
        return fast ? KernelCache.NAMES_AND_ATTRIBUTES : noCache ? KernelCache.NONE : KernelCache.ATTRIBUTES;
    }
}
