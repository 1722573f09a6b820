package depset.fs;

/**
 * How TraceFs is mounted.
 *
 * @param fastCaches when true, lets the kernel cache names, attributes and missing names for
 *                   {@link #FAST_TIMEOUT_SECONDS} (entry, attr and negative timeouts): much faster,
 *                   but a lookup or getattr of a name that any process looked up within that time is
 *                   answered by the kernel and not recorded. So a process that only stats, access()es
 *                   or fails to find a name (a probe along a search path), or walks through a
 *                   directory, may not be recorded doing so. Opens (and so execs), readlinks,
 *                   readdirs, creations, writes and every other request still always reach TraceFs
 *                   with their caller. Never the default: the default timeouts are 0 and no request
 *                   is answered by the kernel alone, except file content re-read from its page cache
 *                   after an open that was recorded (see {@code ContentCache}).
 * @param fsName     the name shown in /proc/mounts ("depset")
 */
public record MountOptions(boolean fastCaches, String fsName) {
    /** The kernel cache timeouts of the fast mode. */
    public static final int FAST_TIMEOUT_SECONDS = 10;

    public static MountOptions defaults() {
        return new MountOptions(false, "depset");
    }
}
