package depset.fs;

import depset.natives.LibC;

/**
 * The one place where failures become errno values for FUSE: a failed libc call gives the errno
 * it saved; anything Java throws while serving a request becomes EIO (the request fails, the
 * file system goes on). FUSE callbacks return {@code -errno}; trace events carry {@code errno}.
 */
final class Errno {
    private Errno() {
    }

    /** {@code -errno} of this thread's last failed libc call (EIO if it saved none). */
    static int last() {
        int e = LibC.errno();
        return -(e == 0 ? LibC.EIO : e);
    }

    /** The result of a libc call returning 0 or -1, as FUSE wants it. */
    static int of(int rc) {
        return rc < 0 ? last() : 0;
    }

    /** The result of a libc call returning a count or -1: the count, or {@code -errno}. */
    static int count(long rc) {
        return rc < 0 ? last() : (int) rc;
    }

    /** What a request that threw returns. */
    static int of(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return -12; // ENOMEM
        }
        return -LibC.EIO;
    }

    /** The errno a trace event records for a callback result: 0 for success, else the positive errno. */
    static int forTrace(long result) {
        return result < 0 ? (int) -result : 0;
    }
}
