package depset.fs;

/**
 * How TraceFs is mounted.
 *
 * @param cache  what the kernel may answer without asking TraceFs (see {@link KernelCache}:
 *               the default, {@link KernelCache#ATTRIBUTES}, lets it answer
 *               the attribute reads that repeat a recorded lookup's, never a name)
 * @param fsName the name shown in /proc/mounts ("depset")
 */
public record MountOptions(KernelCache cache, String fsName) {
    public MountOptions {
        cache = cache == null ? KernelCache.ATTRIBUTES : cache;
    }

    public static MountOptions defaults() {
        return new MountOptions(KernelCache.ATTRIBUTES, "depset");
    }

    /** These options with another kernel cache mode. */
    public MountOptions cache(KernelCache mode) {
        return new MountOptions(mode, fsName);
    }
}
