package depset.cli;

import depset.fs.KernelCache;

/** The kernel cache mode that {@code --fast} and {@code --exact} ask for. */
final class CacheFlags {
    private CacheFlags() {
    }

    static KernelCache mode(boolean fast, boolean exact) {
        if (fast && exact) {
            throw new DepsetException(ExitCode.USAGE, "--fast and --exact contradict each other: give one");
        }
        return fast ? KernelCache.NAMES_AND_ATTRIBUTES : exact ? KernelCache.NONE : KernelCache.ATTRIBUTES;
    }
}
