package depset.trace;

/**
 * The metadata of a backing inode, recorded once, the first time any request reaches it (and
 * before the request's own {@link FileEvent}), so that a trace alone says what each file was
 * before the run touched it. An inode the run creates is recorded too, with {@code created} set.
 *
 * @param dev     backing device
 * @param ino     backing inode
 * @param path    the path by which TraceFs first reached it
 * @param type    file type
 * @param mode    permission bits including setuid, setgid and sticky ({@code st_mode & 07777})
 * @param uid     owner
 * @param gid     group
 * @param size    size in bytes
 * @param nlink   number of hard links
 * @param mtime   modification time, nanoseconds since the epoch
 * @param target  a symlink's target, otherwise null
 * @param created true when the inode was made during the run (create, mkdir, mknod, symlink, link
 *                target of a new name does not count: the inode existed)
 */
public record InodeEvent(long seq, long time, long dev, long ino, String path, FileType type, int mode, int uid,
                         int gid, long size, long nlink, long mtime, String target, boolean created)
        implements TraceEvent {
    public InodeEvent {
        if (path == null || type == null) {
            throw new IllegalArgumentException("an inode event needs a path and a type");
        }
    }
}
