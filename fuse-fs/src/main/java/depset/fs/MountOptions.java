package depset.fs;

/**
 * How TraceFs is mounted.
 *
 * @param cache  what the kernel may answer without asking TraceFs (see {@link KernelCache}:
 *               the default, {@link KernelCache#DIRECTORIES}, lets it answer the attribute
 *               reads that repeat a recorded lookup's and the walks through directories already
 *               looked up, never a file's name or a missing one)
 * @param fsName the name shown in /proc/mounts ("depset")
 */
public record MountOptions(KernelCache cache, String fsName) {
    public MountOptions {
        cache = cache == null ? KernelCache.DIRECTORIES : cache;
    }

    public static MountOptions defaults() {
        return new MountOptions(KernelCache.DIRECTORIES, "depset");
    }

    /** These options with another kernel cache mode. */
    public MountOptions cache(KernelCache mode) {
        return new MountOptions(mode, fsName);
    }
}
