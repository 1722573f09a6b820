package depset.fsops;

import depset.natives.LibC;
import depset.trace.FileNames;
import depset.trace.FileType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** {@link PosixFiles} on libc, through {@link LibC}. */
final class NativePosixFiles implements PosixFiles {
    private static final LibC C = LibC.INSTANCE;

    @Override
    public void makeSpecial(Path path, FileType type, int mode, long rdev) throws IOException {
        if (type != FileType.FIFO && type != FileType.CHAR_DEVICE && type != FileType.BLOCK_DEVICE) {
            throw new IllegalArgumentException("not a special file type: " + type);
        }
        // mknod applies the umask; the caller sets the exact mode afterwards.
        if (C.mknod(bytes(path), type.modeBits() | (mode & 07777), type == FileType.FIFO ? 0 : rdev) != 0) {
            throw failure("mknod", path);
        }
    }

    @Override
    public SortedMap<String, byte[]> readXattrs(Path path) throws IOException {
        String p = bytes(path);
        SortedMap<String, byte[]> out = new TreeMap<>();
        byte[] names = new byte[1024];
        long n;
        while (true) {
            n = C.llistxattr(p, names, names.length);
            if (n >= 0) {
                break;
            }
            int errno = LibC.errno();
            if (errno == LibC.ERANGE) {
                names = new byte[names.length * 4];
                continue;
            }
            if (errno == 95) { // EOPNOTSUPP: the file system has none
                return out;
            }
            throw failure("llistxattr", path, errno);
        }
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (names[i] == 0) {
                if (i > start) {
                    String name = FileNames.fromBytes(names, start, i - start);
                    byte[] value = readXattr(p, path, name);
                    if (value != null) {
                        out.put(name, value);
                    }
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static byte[] readXattr(String p, Path path, String name) throws IOException {
        byte[] buf = new byte[256];
        while (true) {
            long n = C.lgetxattr(p, FileNames.toNative(name), buf, buf.length);
            if (n >= 0) {
                return Arrays.copyOf(buf, (int) n);
            }
            int errno = LibC.errno();
            if (errno == LibC.ERANGE) {
                buf = new byte[buf.length * 8];
            } else if (errno == LibC.ENODATA) {
                return null; // removed between list and get
            } else {
                throw failure("lgetxattr " + name, path, errno);
            }
        }
    }

    @Override
    public void writeXattr(Path path, String name, byte[] value) throws IOException {
        if (C.lsetxattr(bytes(path), FileNames.toNative(name), value, value.length, 0) != 0) {
            throw failure("lsetxattr " + name, path);
        }
    }

    @Override
    public List<Extent> dataExtents(Path path, long size) throws IOException {
        List<Extent> out = new ArrayList<>();
        if (size == 0) {
            return out;
        }
        int fd = C.open(bytes(path), LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw failure("open", path);
        }
        try {
            long pos = 0;
            while (pos < size) {
                long data = C.lseek(fd, pos, LibC.SEEK_DATA);
                if (data < 0) {
                    int errno = LibC.errno();
                    if (errno == LibC.ENXIO) {
                        break; // only a hole up to the end
                    }
                    if (errno == 22) { // EINVAL: no SEEK_DATA on this file system, treat as dense
                        return List.of(new Extent(0, size));
                    }
                    throw failure("lseek", path, errno);
                }
                if (data >= size) {
                    break;
                }
                long hole = C.lseek(fd, data, LibC.SEEK_HOLE);
                if (hole < 0) {
                    throw failure("lseek", path);
                }
                hole = Math.min(hole, size);
                out.add(new Extent(data, hole - data));
                pos = hole;
            }
        } finally {
            C.close(fd);
        }
        return out;
    }

    @Override
    public void setTimes(Path path, long atimeNanos, long mtimeNanos) throws IOException {
        long[] ts = {
            Math.floorDiv(atimeNanos, 1_000_000_000L), Math.floorMod(atimeNanos, 1_000_000_000L),
            Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L),
        };
        if (C.utimensat(LibC.AT_FDCWD, bytes(path), ts, LibC.AT_SYMLINK_NOFOLLOW) != 0) {
            throw failure("utimensat", path);
        }
    }

    /**
     * The path as a byte string (one char per byte, as {@link LibC} passes it): its exact bytes,
     * even when they are not valid in the JVM's file-name charset.
     */
    private static String bytes(Path path) {
        return FileNames.toNative(ExactPaths.name(path));
    }

    private static IOException failure(String call, Path path) {
        return failure(call, path, LibC.errno());
    }

    private static IOException failure(String call, Path path, int errno) {
        return new IOException(FileNames.printable(ExactPaths.name(path)) + ": " + call + ": " + C.strerror(errno));
    }
}
