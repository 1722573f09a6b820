package depset.fs;

import depset.natives.LibC;
import depset.natives.StatBuffer;
import jnr.ffi.Pointer;

/**
 * The dropping of a file's set-user-ID and set-group-ID bits when a caller without
 * {@code CAP_FSETID} writes or truncates it, which TraceFs does itself because its INIT reply
 * agrees to {@code FUSE_HANDLE_KILLPRIV_V2} ({@link ReplyChannel}).
 *
 * <p>Why: without that flag the kernel cannot remember that a file has no {@code security.capability},
 * and asks for it with a GETXATTR round trip before every {@code write(2)}: a quarter of an untar's
 * requests, one per HTTP request of a logging service. With it the kernel marks the
 * super block {@code SB_NOSEC} and asks once per inode, but leaves the dropping of the bits to the
 * server. TraceFs runs as root, so its own writes to the backing file never drop them: the kernel
 * says in the request when the caller lacks {@code CAP_FSETID} (it alone knows the caller's
 * capabilities, in its user namespace), and this class reads that from the request before
 * libfuse2 serves it: its high-level API drops the flag.
 *
 * <p>The rules are the FUSE protocol's: a write, a truncate and an {@code O_TRUNC} open by such a
 * caller drop set-user-ID, and set-group-ID when the group may execute the file. A file capability
 * is not this class's: the kernel removes {@code security.capability} itself (a REMOVEXATTR request)
 * before the write. A chown drops the bits on the backing file as on any other file system.
 * Writes the kernel passes through to the backing file never reach TraceFs, so a file whose bits
 * a write would drop is never passed through ({@link PassthroughFiles}).
 */
final class SuidGidKill {
    /** The protocol's INIT flag (bit 28 of fuse_init_in.flags and fuse_init_out.flags). */
    static final int HANDLE_KILLPRIV_V2 = 1 << 28;

    private static final int S_ISUID = 04000;
    private static final int S_ISGID = 02000;
    private static final int S_IXGRP = 00010;
    private static final int IN_OPCODE = 4;
    /** The request's own struct follows the 40-byte fuse_in_header. */
    private static final int IN_BODY = 40;
    private static final int FUSE_SETATTR = 4;
    private static final int FUSE_OPEN = 14;
    private static final int FUSE_WRITE = 16;
    private static final int FUSE_CREATE = 35;
    /** fuse_setattr_in.valid (offset 0): FATTR_KILL_SUIDGID. */
    private static final int FATTR_KILL_SUIDGID = 1 << 11;
    /** fuse_open_in.open_flags (offset 4), fuse_create_in.open_flags (offset 12): FUSE_OPEN_KILL_SUIDGID. */
    private static final int OPEN_IN_OPEN_FLAGS = 4;
    private static final int CREATE_IN_OPEN_FLAGS = 12;
    private static final int FUSE_OPEN_KILL_SUIDGID = 1;
    /** fuse_write_in.write_flags (after fh, offset and size): FUSE_WRITE_KILL_SUIDGID. */
    private static final int WRITE_IN_WRITE_FLAGS = 20;
    private static final int FUSE_WRITE_KILL_SUIDGID = 1 << 2;

    private SuidGidKill() {
    }

    /**
     * True when the request in {@code request} (a worker's receive buffer, before libfuse2 serves
     * it) asks the server to drop the bits: a WRITE, a SETATTR, an OPEN or a CREATE whose caller
     * lacks {@code CAP_FSETID}. The kernel only asks when the INIT reply agreed.
     */
    static boolean asked(Pointer request) {
        return switch (request.getInt(IN_OPCODE)) {
            case FUSE_WRITE -> (request.getInt(IN_BODY + WRITE_IN_WRITE_FLAGS) & FUSE_WRITE_KILL_SUIDGID) != 0;
            case FUSE_SETATTR -> (request.getInt(IN_BODY) & FATTR_KILL_SUIDGID) != 0;
            case FUSE_OPEN -> (request.getInt(IN_BODY + OPEN_IN_OPEN_FLAGS) & FUSE_OPEN_KILL_SUIDGID) != 0;
            case FUSE_CREATE -> (request.getInt(IN_BODY + CREATE_IN_OPEN_FLAGS) & FUSE_OPEN_KILL_SUIDGID) != 0;
            default -> false;
        };
    }

    /** {@code mode} with the bits a write by a caller without {@code CAP_FSETID} drops (only a regular file's). */
    static int killed(int mode) {
        if (!StatBuffer.isRegular(mode)) {
            return mode;
        }
        int kill = S_ISUID;
        if ((mode & S_IXGRP) != 0) {
            kill |= S_ISGID;
        }
        return mode & ~kill;
    }

    /** True for a file some write would change: its writes must reach TraceFs. */
    static boolean applies(int mode) {
        return killed(mode) != mode;
    }

    /**
     * Drops the bits on the open backing file {@code fd} when the request {@code asked} and the
     * file has them.
     *
     * @return 0, or the negative errno of the fstat or fchmod that failed
     */
    static int apply(LibC libc, boolean asked, int fd) {
        if (!asked) {
            return 0;
        }
        Pointer st = Scratch.get().stat2;
        if (libc.fstatat(fd, "", st, LibC.AT_EMPTY_PATH) < 0) {
            return Errno.last();
        }
        int mode = StatBuffer.mode(st);
        return applies(mode) ? Errno.of(libc.fchmod(fd, killed(mode) & 07777)) : 0;
    }
}
