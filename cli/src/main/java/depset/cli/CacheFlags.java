package depset.cli;

import depset.fs.KernelCache;

/** The kernel cache mode that {@code --fast} and {@code --cache-attributes} ask for. */
final class CacheFlags {
    private CacheFlags() {
    }

    static KernelCache mode(boolean fast, boolean cacheAttributes) {
        if (fast && cacheAttributes) {
            throw new DepsetException(ExitCode.USAGE, "give --fast or --cache-attributes, not both (--fast caches attributes too)");
        }
        return fast ? KernelCache.NAMES_AND_ATTRIBUTES : cacheAttributes ? KernelCache.ATTRIBUTES : KernelCache.NONE;
    }
}
