package depset.trace;

/** The open flags depset interprets; the values are Linux x86-64's. */
public final class OpenFlags {
    /** {@code __FMODE_EXEC}: the kernel sets it in the flags of the open an execve does. */
    public static final int EXEC = 0x20;
    public static final int ACCMODE = 0x3;
    public static final int WRONLY = 0x1;
    public static final int RDWR = 0x2;
    public static final int CREAT = 0x40;
    public static final int TRUNC = 0x200;
    public static final int APPEND = 0x400;
    public static final int DIRECT = 0x4000;

    private OpenFlags() {
    }

    /** True when the flags open for writing (write-only or read-write, or truncating). */
    public static boolean writes(int flags) {
        int acc = flags & ACCMODE;
        return acc == WRONLY || acc == RDWR || (flags & TRUNC) != 0;
    }
}
