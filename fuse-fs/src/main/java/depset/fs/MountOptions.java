package depset.fs;

import java.util.Set;

/**
 * How TraceFs is mounted.
 *
 * @param cache       what the kernel may answer without asking TraceFs (see {@link KernelCache}:
 *                    the default, {@link KernelCache#DIRECTORIES}, lets it answer the attribute
 *                    reads that repeat a recorded lookup's and the walks through directories already
 *                    looked up, never a file's name or a missing one)
 * @param passthrough whether the kernel may read and write an open file straight from its backing
 *                    descriptor ({@link PassthroughFiles}), when it can; the opens are recorded either way
 * @param ioUring     whether requests may come through the kernel's per-CPU io_uring queues
 *                    ({@link RingQueues}) when the kernel offers them, instead of /dev/fuse; the same
 *                    requests are served and recorded either way
 * @param fsName      the name shown in /proc/mounts ("depset")
 * @param rootMountPoints the names in the root that other file systems will be mounted on (proc,
 *                    sys …), which the trace's header names so that no set holds them; then the
 *                    kernel may cache the root's directories as any other. Null when not known:
 *                    a walk past a mount point leaves no request below it, so none of the root's
 *                    directories is cached ({@link DirectoryCaching})
 */
public record MountOptions(KernelCache cache, boolean passthrough, boolean ioUring, String fsName,
                           Set<String> rootMountPoints) {
    public MountOptions {
        cache = cache == null ? KernelCache.DIRECTORIES : cache;
        rootMountPoints = rootMountPoints == null ? null : Set.copyOf(rootMountPoints);
    }

    public static MountOptions defaults() {
        return new MountOptions(KernelCache.DIRECTORIES, true, true, "depset", null);
    }

    /**
     * These options for a root whose only mount points in its own directories are {@code names}
     * (as {@code depset.sandbox.GuestEnvironment} mounts them): the kernel may then cache the
     * root's other directories as any other.
     */
    public MountOptions rootMountPoints(Set<String> names) {
        return new MountOptions(cache, passthrough, ioUring, fsName, names);
    }

    /**
     * These options with another kernel cache mode; passthrough stays only if that mode has it
     * ({@link KernelCache#passthrough()}: not {@code --no-cache} nor {@code --cache-attributes}), so
     * {@link #withoutPassthrough()} holds whichever is called first.
     */
    public MountOptions cache(KernelCache mode) {
        return new MountOptions(mode, passthrough && mode.passthrough(), ioUring, fsName, rootMountPoints);
    }

    /** These options with every read and write of an open file served by TraceFs ({@code --no-passthrough}). */
    public MountOptions withoutPassthrough() {
        return new MountOptions(cache, false, ioUring, fsName, rootMountPoints);
    }

    /** These options with every request read from /dev/fuse, never from io_uring queues ({@code --no-io-uring}). */
    public MountOptions withoutIoUring() {
        return new MountOptions(cache, passthrough, false, fsName, rootMountPoints);
    }
}
