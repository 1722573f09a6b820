package depset.fsops;

import depset.trace.FileType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

/**
 * The POSIX file operations that writing a deployment set out needs beyond the JDK: special files,
 * every xattr namespace (file capabilities live in {@code security.capability}), the data extents
 * of sparse files, and nanosecond times that never follow a symlink.
 *
 * <p>Every method acts on the path itself, never on what a symlink at that path points to.
 * {@link #system()} binds libc; {@link #jdkOnly()} does what the JDK alone can (for tests and
 * machines without the binding).
 */
public interface PosixFiles {

    /** Creates a fifo, or a character or block device with device number {@code rdev}. */
    void makeSpecial(Path path, FileType type, int mode, long rdev) throws IOException;

    /** The extended attributes of {@code path} (not followed), sorted by name; empty when none. */
    SortedMap<String, byte[]> readXattrs(Path path) throws IOException;

    /** Sets one extended attribute on {@code path} itself. */
    void writeXattr(Path path, String name, byte[] value) throws IOException;

    /**
     * The regions of a regular file that hold data, in order; a file without holes gives one
     * extent over its whole size, an empty file none.
     */
    List<Extent> dataExtents(Path path, long size) throws IOException;

    /** Sets access and modification times, in nanoseconds since the epoch, on the path itself. */
    void setTimes(Path path, long atimeNanos, long mtimeNanos) throws IOException;

    /** A region {@code [offset, offset + length)} of a file. */
    record Extent(long offset, long length) {
    }

    /** The libc-backed implementation. */
    static PosixFiles system() {
        return new NativePosixFiles();
    }

    /** What the JDK can do alone: no special files, {@code user.*} xattrs only, no holes. */
    static PosixFiles jdkOnly() {
        return new JdkPosixFiles();
    }
}
