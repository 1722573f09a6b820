package depset.graph;

import depset.trace.FileType;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of the trace at the inode level: every path that named the backing inode (renames and
 * hard links keep one history), with the metadata TraceFs recorded before the run touched it. A
 * name that was looked up but did not exist is a file node too ({@link #missing()}), keyed by its
 * path since it has no inode.
 */
public final class FileNode implements Node {
    private final int id;
    final long dev;
    final long ino;
    List<String> paths = new ArrayList<>(1);
    List<String> sourcePaths = new ArrayList<>(1);
    /**
     * The name the last request used (one of {@link #paths}), checked by identity before the
     * list: the reader interns names, and reaching the list costs two more cache misses.
     */
    String lastName;
    FileType type;
    int mode;
    int uid;
    int gid;
    long size;
    long nlink;
    long mtime;
    String target;
    boolean created;
    boolean missing;
    boolean implied;
    boolean described;

    FileNode(int id, long dev, long ino) {
        this.id = id;
        this.dev = dev;
        this.ino = ino;
    }

    /** A number unique in its graph. */
    public int id() {
        return id;
    }

    public long dev() {
        return dev;
    }

    /** The backing inode, 0 for a missing name. */
    public long ino() {
        return ino;
    }

    /** Every path that named this inode during the trace, first one first. */
    public List<String> paths() {
        return paths;
    }

    /**
     * The paths under which the inode existed in the source root: the names the run reached it
     * by, minus names the run itself made (the new name of a rename or link, a created file).
     */
    public List<String> sourcePaths() {
        return sourcePaths;
    }

    /** The first path, the one to show. */
    public String path() {
        return paths.isEmpty() ? "?" : paths.get(0);
    }

    /** The type, null when no request told it. */
    public FileType type() {
        return type;
    }

    public int mode() {
        return mode;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    public long size() {
        return size;
    }

    public long nlink() {
        return nlink;
    }

    public long mtime() {
        return mtime;
    }

    /** A symlink's target, otherwise null. */
    public String target() {
        return target;
    }

    /** True when the inode was made during the run. */
    public boolean created() {
        return created;
    }

    /** True for a name that was looked up but did not exist (a probe). */
    public boolean missing() {
        return missing;
    }

    /**
     * True for a directory no request reached but which lies on the path of one that did; it has
     * no recorded metadata.
     */
    public boolean implied() {
        return implied;
    }

    /** True when an inode event described this node's metadata. */
    public boolean described() {
        return described;
    }

    /** Makes the lists read-only once the graph is built. */
    void freeze() {
        lastName = null;
        paths = List.copyOf(paths);
        sourcePaths = List.copyOf(sourcePaths);
    }

    /** "dev:ino", the hard-link group of a manifest. */
    public String inodeKey() {
        return dev + ":" + ino;
    }

    @Override
    public String label() {
        return "file " + depset.trace.FileNames.printable(path()) + (missing ? " (missing)" : "") + (created ? " (created)" : "");
    }

    @Override
    public String toString() {
        return label();
    }
}
