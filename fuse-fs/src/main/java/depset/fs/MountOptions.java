package depset.fs;

/**
 * How TraceFs is mounted.
 *
 * @param cache  what the kernel may answer without asking TraceFs (see {@link KernelCache}:
 *               the default, {@link KernelCache#NONE}, lets it answer nothing)
 * @param fsName the name shown in /proc/mounts ("depset")
 */
public record MountOptions(KernelCache cache, String fsName) {
    public MountOptions {
        cache = cache == null ? KernelCache.NONE : cache;
    }

    public static MountOptions defaults() {
        return new MountOptions(KernelCache.NONE, "depset");
    }

    /** These options with another kernel cache mode. */
    public MountOptions cache(KernelCache mode) {
        return new MountOptions(mode, fsName);
    }
}
