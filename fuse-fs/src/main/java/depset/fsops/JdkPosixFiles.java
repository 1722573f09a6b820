package depset.fsops;

import depset.trace.FileType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link PosixFiles} with the JDK only: no special files, {@code user.*} xattrs of regular files
 * and directories only (the JDK would follow a symlink), every file dense.
 */
final class JdkPosixFiles implements PosixFiles {

    @Override
    public void makeSpecial(Path path, FileType type, int mode, long rdev) throws IOException {
        throw new IOException(path + ": cannot create a " + type.name().toLowerCase() + " without libc");
    }

    @Override
    public SortedMap<String, byte[]> readXattrs(Path path) throws IOException {
        SortedMap<String, byte[]> out = new TreeMap<>();
        if (Files.isSymbolicLink(path) || !(Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))) {
            return out;
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return out;
        }
        for (String name : view.list()) {
            ByteBuffer buf = ByteBuffer.allocate(view.size(name));
            view.read(name, buf);
            out.put("user." + name, buf.array());
        }
        return out;
    }

    @Override
    public void writeXattr(Path path, String name, byte[] value) throws IOException {
        if (!name.startsWith("user.")) {
            throw new IOException(path + ": cannot set " + name + " without libc");
        }
        Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .write(name.substring("user.".length()), ByteBuffer.wrap(value));
    }

    @Override
    public List<Extent> dataExtents(Path path, long size) {
        return size == 0 ? List.of() : List.of(new Extent(0, size));
    }

    @Override
    public void setTimes(Path path, long atimeNanos, long mtimeNanos) throws IOException {
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(mtimeNanos, TimeUnit.NANOSECONDS),
                        FileTime.from(atimeNanos, TimeUnit.NANOSECONDS), null);
    }
}
