package depset.manifest;

import depset.trace.FileType;
import java.util.List;

/**
 * One file of a deployment set, with the metadata it had in the source root and its reasons.
 *
 * @param path      absolute path inside the root ("/usr/bin/ls")
 * @param type      file type
 * @param mode      permission bits with setuid, setgid and sticky ({@code & 07777})
 * @param uid       owner
 * @param gid       group
 * @param size      bytes (for a symlink, the length of its target)
 * @param mtime     modification time in the source, nanoseconds since the epoch
 * @param target    a symlink's target as stored, otherwise null
 * @param linkGroup entries with the same non-null group are hard links of one inode ("dev:ino")
 * @param reasons   why the entry is in the set; never empty
 */
public record ManifestEntry(String path, FileType type, int mode, int uid, int gid, long size, long mtime,
                            String target, String linkGroup, List<Reason> reasons) {
    public ManifestEntry {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a manifest path must be absolute: " + path);
        }
        if (type == null) {
            throw new IllegalArgumentException("no type for " + path);
        }
        reasons = List.copyOf(reasons);
    }

    /** The same entry with more reasons. */
    public ManifestEntry withReasons(List<Reason> more) {
        List<Reason> all = new java.util.ArrayList<>(reasons);
        for (Reason r : more) {
            if (!all.contains(r)) {
                all.add(r);
            }
        }
        return new ManifestEntry(path, type, mode, uid, gid, size, mtime, target, linkGroup, all);
    }
}
