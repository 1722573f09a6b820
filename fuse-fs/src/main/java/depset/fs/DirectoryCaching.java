package depset.fs;

import java.util.Set;

/**
 * Which directories' entries and attributes the kernel may keep for longer than libfuse2's
 * mount-wide timeouts ({@link ReplyChannel}): every directory's, except the root's directories
 * that other file systems are mounted on. A walk past a mount point (into /proc, say) leaves no
 * request below it that would name the directory, so a cached mount point would hide every later
 * process that uses that file system; a cached {@code /usr} hides nothing that a later request
 * does not name again.
 *
 * @param seconds         how long, in seconds; 0: no directory longer than any other name
 * @param rootMountPoints the names in the root that have another file system mounted on them
 *                        (proc, sys …), or null when they are not known: then none of the root's
 *                        own directories is kept
 */
record DirectoryCaching(int seconds, Set<String> rootMountPoints) {
    DirectoryCaching {
        rootMountPoints = rootMountPoints == null ? null : Set.copyOf(rootMountPoints);
    }

    /** True when the kernel may keep the directory {@code name} of the root: it is no mount point. */
    boolean keepsRootName(String name) {
        return rootMountPoints != null && !rootMountPoints.contains(name);
    }
}
