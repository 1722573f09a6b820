package depset.build;

import depset.trace.FileType;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One file of the source root as it is now, read without following symlinks: what the writers
 * copy.
 *
 * @param path   absolute path inside the root ("/usr/bin/ls"); "/" for the root itself
 * @param type   file type
 * @param mode   permission bits with setuid, setgid and sticky
 * @param uid    owner
 * @param gid    group
 * @param size   bytes (a symlink: its target's length)
 * @param mtime  modification time, nanoseconds since the epoch
 * @param target a symlink's target as stored, else null
 * @param rdev   a device's number, else 0
 * @param inode  "dev:ino", to recognise hard links
 * @param xattrs extended attributes by name, sorted
 */
public record SourceFile(String path, FileType type, int mode, int uid, int gid, long size, long mtime,
                         String target, long rdev, String inode, SortedMap<String, byte[]> xattrs) {
    public SourceFile {
        xattrs = Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
    }

    /** The path without its leading slash ("usr/bin/ls"; "" for the root). */
    public String relative() {
        return path.substring(1);
    }
}
