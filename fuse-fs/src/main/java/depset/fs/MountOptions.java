package depset.fs;

/**
 * How TraceFs is mounted.
 *
 * @param cache       what the kernel may answer without asking TraceFs (see {@link KernelCache}:
 *                    the default, {@link KernelCache#DIRECTORIES}, lets it answer the attribute
 *                    reads that repeat a recorded lookup's and the walks through directories already
 *                    looked up, never a file's name or a missing one)
 * @param passthrough whether the kernel may read and write an open file straight from its backing
 *                    descriptor ({@link PassthroughFiles}), when it can; the opens are recorded either way
 * @param fsName      the name shown in /proc/mounts ("depset")
 */
public record MountOptions(KernelCache cache, boolean passthrough, String fsName) {
    public MountOptions {
        cache = cache == null ? KernelCache.DIRECTORIES : cache;
    }

    public static MountOptions defaults() {
        return new MountOptions(KernelCache.DIRECTORIES, true, "depset");
    }

    /**
     * These options with another kernel cache mode; passthrough stays only if that mode has it
     * ({@link KernelCache#passthrough()}: not {@code --no-cache} nor {@code --cache-attributes}), so
     * {@link #withoutPassthrough()} holds whichever is called first.
     */
    public MountOptions cache(KernelCache mode) {
        return new MountOptions(mode, passthrough && mode.passthrough(), fsName);
    }

    /** These options with every read and write of an open file served by TraceFs ({@code --no-passthrough}). */
    public MountOptions withoutPassthrough() {
        return new MountOptions(cache, false, fsName);
    }
}
