package depset.natives;

import jnr.ffi.Pointer;

/**
 * Reads and writes the fields of a Linux x86-64 {@code struct stat} held in native memory (the
 * buffer FUSE hands to getattr, or one of depset's own), so that no copy into a Java object is
 * needed on the hot path.
 */
public final class StatBuffer {
    /** sizeof(struct stat) on x86-64. */
    public static final int SIZE = 144;

    private static final int DEV = 0;
    private static final int INO = 8;
    private static final int NLINK = 16;
    private static final int MODE = 24;
    private static final int UID = 28;
    private static final int GID = 32;
    private static final int SIZE_OFF = 48;
    private static final int MTIME_SEC = 88;
    private static final int MTIME_NSEC = 96;

    private StatBuffer() {
    }

    public static long dev(Pointer p) {
        return p.getLong(DEV);
    }

    public static long ino(Pointer p) {
        return p.getLong(INO);
    }

    public static long nlink(Pointer p) {
        return p.getLong(NLINK);
    }

    public static int mode(Pointer p) {
        return p.getInt(MODE);
    }

    public static int uid(Pointer p) {
        return p.getInt(UID);
    }

    public static int gid(Pointer p) {
        return p.getInt(GID);
    }

    public static long size(Pointer p) {
        return p.getLong(SIZE_OFF);
    }

    /** Modification time in nanoseconds since the epoch. */
    public static long mtimeNanos(Pointer p) {
        return p.getLong(MTIME_SEC) * 1_000_000_000L + p.getLong(MTIME_NSEC);
    }

    /** Sets what a directory entry carries: the inode and the type bits of the mode. */
    public static void setEntry(Pointer p, long ino, int mode) {
        p.putLong(INO, ino);
        p.putInt(MODE, mode);
    }

    public static boolean isDirectory(int mode) {
        return (mode & 0170000) == 0040000;
    }

    public static boolean isRegular(int mode) {
        return (mode & 0170000) == 0100000;
    }

    public static boolean isSymlink(int mode) {
        return (mode & 0170000) == 0120000;
    }
}
