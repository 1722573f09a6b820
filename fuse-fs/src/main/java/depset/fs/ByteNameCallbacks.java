package depset.fs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.provider.jffi.ClosureHelper;
import jnr.ffi.types.dev_t;
import jnr.ffi.types.gid_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.uid_t;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.struct.FuseOperations;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * Replaces jnr-fuse's callbacks for every request that carries a name with callbacks that take
 * the name's bytes exactly.
 *
 * <p>jnr-fuse declares its callbacks with {@code String} parameters, which jnr-ffi decodes with
 * the JVM's default charset (UTF-8): a name that is not valid UTF-8 comes out with U+FFFD in
 * place of its bytes, and the pass-through would then look up a different name. These callbacks
 * take the C string as a pointer and decode it as ISO-8859-1, one char per byte, so TraceFs and
 * {@link BackingTree} work on <em>byte strings</em> (and {@code LibC} encodes them back the same
 * way); the {@link Recorder} turns them into the trace's form ({@link depset.trace.FileNames}).
 */
final class ByteNameCallbacks {
    /** Linux's PATH_MAX: FUSE never hands a longer path. */
    private static final int PATH_MAX = 4096;

    /** Strong references: jnr-ffi frees a closure whose Java object is collected. */
    private final List<Object> keep = new ArrayList<>();

    private ByteNameCallbacks() {
    }

    /**
     * Writes the byte-exact callbacks of {@code fs} into {@code operations}, the native copy of
     * {@code fs}'s struct fuse_operations; the returned object must live as long as the mount.
     */
    static ByteNameCallbacks install(TraceFs fs, FuseOperations ops, Pointer operations) {
        ByteNameCallbacks c = new ByteNameCallbacks();
        c.put(operations, ops.getattr, Getattr.class, (Getattr) (p, st) -> fs.getattr(name(p), st));
        c.put(operations, ops.fgetattr, Fgetattr.class,
                (Fgetattr) (p, st, fi) -> fs.fgetattr(name(p), st, Scratch.fileInfo(fi)));
        c.put(operations, ops.readlink, Readlink.class, (Readlink) (p, buf, size) -> fs.readlink(name(p), buf, size));
        c.put(operations, ops.mknod, Mknod.class, (Mknod) (p, mode, rdev) -> fs.mknod(name(p), mode, rdev));
        c.put(operations, ops.mkdir, Mkdir.class, (Mkdir) (p, mode) -> fs.mkdir(name(p), mode));
        c.put(operations, ops.unlink, OnePath.class, (OnePath) p -> fs.unlink(name(p)));
        c.put(operations, ops.rmdir, OnePath.class, (OnePath) p -> fs.rmdir(name(p)));
        c.put(operations, ops.symlink, TwoPaths.class, (TwoPaths) (a, b) -> fs.symlink(name(a), name(b)));
        c.put(operations, ops.rename, TwoPaths.class, (TwoPaths) (a, b) -> fs.rename(name(a), name(b)));
        c.put(operations, ops.link, TwoPaths.class, (TwoPaths) (a, b) -> fs.link(name(a), name(b)));
        c.put(operations, ops.chmod, Mkdir.class, (Mkdir) (p, mode) -> fs.chmod(name(p), mode));
        c.put(operations, ops.chown, Chown.class, (Chown) (p, uid, gid) -> fs.chown(name(p), uid, gid));
        c.put(operations, ops.truncate, Truncate.class, (Truncate) (p, size) -> fs.truncate(name(p), size));
        c.put(operations, ops.ftruncate, Ftruncate.class,
                (Ftruncate) (p, size, fi) -> fs.ftruncate(name(p), size, Scratch.fileInfo(fi)));
        c.put(operations, ops.utimens, PathPointer.class, (PathPointer) (p, ts) -> {
            Timespec atime = Timespec.of(ts);
            Timespec mtime = Timespec.of(ts.slice(Struct.size(atime)));
            return fs.utimens(name(p), new Timespec[] {atime, mtime});
        });
        c.put(operations, ops.access, Access.class, (Access) (p, mask) -> fs.access(name(p), mask));
        c.put(operations, ops.open, PathPointer.class, (PathPointer) (p, fi) -> fs.open(name(p), Scratch.fileInfo(fi)));
        c.put(operations, ops.create, Create.class,
                (Create) (p, mode, fi) -> fs.create(name(p), mode, Scratch.fileInfo(fi)));
        c.put(operations, ops.read, ReadWrite.class,
                (ReadWrite) (p, buf, size, off, fi) -> fs.read(name(p), buf, size, off, Scratch.fileInfo(fi)));
        c.put(operations, ops.write, ReadWrite.class,
                (ReadWrite) (p, buf, size, off, fi) -> fs.write(name(p), buf, size, off, Scratch.fileInfo(fi)));
        c.put(operations, ops.statfs, PathPointer.class, (PathPointer) (p, st) -> fs.statfs(name(p), Statvfs.of(st)));
        c.put(operations, ops.release, PathPointer.class,
                (PathPointer) (p, fi) -> fs.release(name(p), Scratch.fileInfo(fi)));
        c.put(operations, ops.releasedir, PathPointer.class,
                (PathPointer) (p, fi) -> fs.releasedir(name(p), Scratch.fileInfo(fi)));
        c.put(operations, ops.fsync, Fsync.class, (Fsync) (p, d, fi) -> fs.fsync(name(p), d, Scratch.fileInfo(fi)));
        // fsyncdir: TraceFs installs its own (jnr-fuse declares it with the wrong signature).
        c.put(operations, ops.fallocate, Fallocate.class,
                (Fallocate) (p, mode, off, len, fi) -> fs.fallocate(name(p), mode, off, len, Scratch.fileInfo(fi)));
        c.put(operations, ops.opendir, PathPointer.class,
                (PathPointer) (p, fi) -> fs.opendir(name(p), Scratch.fileInfo(fi)));
        c.put(operations, ops.readdir, Readdir.class, (Readdir) (p, buf, filler, off, fi) -> {
            ClosureHelper h = ClosureHelper.getInstance();
            FuseFillDir fill = (FuseFillDir) h.getNativeConveter(FuseFillDir.class)
                    .fromNative(filler, h.getFromNativeContext());
            return fs.readdir(name(p), buf, fill, off, Scratch.fileInfo(fi));
        });
        c.put(operations, ops.setxattr, Setxattr.class,
                (Setxattr) (p, n, v, size, flags) -> fs.setxattr(name(p), name(n), v, size, flags));
        c.put(operations, ops.getxattr, Getxattr.class,
                (Getxattr) (p, n, v, size) -> fs.getxattr(name(p), name(n), v, size));
        c.put(operations, ops.listxattr, Readlink.class, (Readlink) (p, list, size) -> fs.listxattr(name(p), list, size));
        c.put(operations, ops.removexattr, TwoPaths.class, (TwoPaths) (p, n) -> fs.removexattr(name(p), name(n)));
        return c;
    }

    /**
     * A C string as a byte string (one char per byte); null stays null (nullpath_ok). Copied in
     * bulk: jnr-ffi's {@code getString} decodes through a {@code CharsetDecoder}, char by char,
     * which a fresh JVM runs interpreted for its first hundreds of requests.
     */
    static String name(Pointer p) {
        if (p == null) {
            return null;
        }
        int length = p.indexOf(0, (byte) 0, PATH_MAX);
        byte[] bytes = new byte[length < 0 ? PATH_MAX : length];
        p.get(0, bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private <T> void put(Pointer operations, jnr.ffi.BaseStruct.Func<?> slot, Class<T> type, T callback) {
        Pointer fn = Runtime.getSystemRuntime().getClosureManager().getClosurePointer(type, callback);
        keep.add(callback);
        keep.add(fn);
        operations.putAddress(slot.offset(), fn.address());
    }

    // The callback shapes, as libfuse2's struct fuse_operations declares them.

    public interface Getattr {
        @Delegate
        int call(Pointer path, Pointer stat);
    }

    public interface PathPointer {
        @Delegate
        int call(Pointer path, Pointer p);
    }

    public interface Fgetattr {
        @Delegate
        int call(Pointer path, Pointer stat, Pointer fi);
    }

    public interface Readlink {
        @Delegate
        int call(Pointer path, Pointer buf, @size_t long size);
    }

    public interface Mknod {
        @Delegate
        int call(Pointer path, @mode_t long mode, @dev_t long rdev);
    }

    public interface Mkdir {
        @Delegate
        int call(Pointer path, @mode_t long mode);
    }

    public interface OnePath {
        @Delegate
        int call(Pointer path);
    }

    public interface TwoPaths {
        @Delegate
        int call(Pointer a, Pointer b);
    }

    public interface Chown {
        @Delegate
        int call(Pointer path, @uid_t long uid, @gid_t long gid);
    }

    public interface Truncate {
        @Delegate
        int call(Pointer path, @off_t long size);
    }

    public interface Ftruncate {
        @Delegate
        int call(Pointer path, @off_t long size, Pointer fi);
    }

    public interface Access {
        @Delegate
        int call(Pointer path, int mask);
    }

    public interface Create {
        @Delegate
        int call(Pointer path, @mode_t long mode, Pointer fi);
    }

    public interface ReadWrite {
        @Delegate
        int call(Pointer path, Pointer buf, @size_t long size, @off_t long offset, Pointer fi);
    }

    public interface Fsync {
        @Delegate
        int call(Pointer path, int datasync, Pointer fi);
    }

    public interface Fallocate {
        @Delegate
        int call(Pointer path, int mode, @off_t long offset, @off_t long length, Pointer fi);
    }

    public interface Readdir {
        @Delegate
        int call(Pointer path, Pointer buf, Pointer filler, @off_t long offset, Pointer fi);
    }

    public interface Setxattr {
        @Delegate
        int call(Pointer path, Pointer name, Pointer value, @size_t long size, int flags);
    }

    public interface Getxattr {
        @Delegate
        int call(Pointer path, Pointer name, Pointer value, @size_t long size);
    }
}
