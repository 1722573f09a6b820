package depset.fs;

/**
 * How TraceFs is mounted.
 *
 * @param fastCaches when true, lets the kernel cache attributes and names (timeouts above 0): much
 *                   faster, but repeated lookups and getattrs of the same name are then served by
 *                   the kernel and not recorded, so per-process attribution of those is lost. Never
 *                   the default.
 * @param fsName     the name shown in /proc/mounts ("depset")
 */
public record MountOptions(boolean fastCaches, String fsName) {
    public static MountOptions defaults() {
        return new MountOptions(false, "depset");
    }
}
