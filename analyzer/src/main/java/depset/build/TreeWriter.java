package depset.build;

import depset.fsops.ExactPaths;
import depset.fsops.PosixFiles;
import depset.fsops.PosixFiles.Extent;
import depset.trace.FileNames;
import depset.trace.FileType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a {@link BuildPlan} as a directory tree, a root to chroot into: every file with its type,
 * mode, owner, times and xattrs, symlinks as symlinks, hard links as hard links, fifos and devices
 * as such, sparse files sparse.
 *
 * <p>Nothing is ever written outside the target: plan paths are normal (no "..", checked by
 * {@link BuildPlan}), every directory on the way is checked to be a real directory of the target
 * (never a symlink, which a {@code --force} target might hold) before a name is made in it, and a
 * name is made with no-follow, exclusive creation. Symlinks are written as they are and never
 * followed, wherever they point. The builder is the only writer of the target while it runs.
 *
 * <p>Names are written with their exact bytes, UTF-8 or not (newlines, control characters, bytes
 * such as 0xff): a plan path is a {@link depset.trace.FileNames} string form, made a java.nio path
 * by {@link ExactPaths}.
 */
public final class TreeWriter {
    private final Path target;
    private final boolean force;
    private final PosixFiles posix;
    private final SourceTree source;
    private final Set<Path> checkedDirectories = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();

    private TreeWriter(Path target, boolean force, SourceTree source) {
        this.target = target.toAbsolutePath().normalize();
        this.force = force;
        this.source = source;
        this.posix = source.posix();
    }

    /** A writer into {@code target} that copies from {@code source}. */
    public static TreeWriter into(Path target, SourceTree source, boolean force) {
        return new TreeWriter(target, force, source);
    }

    /** What was written. */
    public record Result(long files, long bytes, List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Writes the plan.
     *
     * @throws DirectoryNotEmptyException when the target holds anything and force is off
     */
    public Result write(BuildPlan plan) throws IOException {
        prepareTarget();
        long files = 0;
        long bytes = 0;
        List<PlanItem> directories = new ArrayList<>();
        for (PlanItem item : plan.items()) {
            SourceFile f = item.file();
            if (f.path().equals("/")) {
                directories.add(item);
                continue;
            }
            Path t = targetPath(f.path());
            if (!makeRoom(t, f.type())) {
                directories.add(item); // an existing directory of a --force target, kept
                continue;
            }
            if (f.type() == FileType.DIRECTORY) {
                Files.createDirectory(t);
                checkedDirectories.add(t);
                directories.add(item);
                files++;
                continue;
            }
            if (item.hardLinkTo() != null) {
                Files.createLink(t, targetPath(item.hardLinkTo()));
                files++;
                continue; // one inode: its metadata is set already
            }
            switch (f.type()) {
                case FILE -> bytes += copyContent(source.resolve(f.path()), t);
                case SYMLINK -> Files.createSymbolicLink(t, ExactPaths.of(f.target()));
                case FIFO, CHAR_DEVICE, BLOCK_DEVICE -> posix.makeSpecial(t, f.type(), f.mode(), f.rdev());
                default -> {
                    warnings.add(shown(f.path()) + ": a socket is made by its server, not copied; left out");
                    continue;
                }
            }
            applyMetadata(t, f);
            files++;
        }
        // Directories last, deepest first: making names in a directory moves its mtime, and a
        // read-only mode would stop a non-root builder from filling it.
        for (int i = directories.size() - 1; i >= 0; i--) {
            SourceFile f = directories.get(i).file();
            applyMetadata(f.path().equals("/") ? target : targetPath(f.path()), f);
        }
        return new Result(files, bytes, warnings);
    }

    private void prepareTarget() throws IOException {
        if (Files.isSymbolicLink(target)) {
            throw new IOException(target + ": the target is a symlink; name the directory itself");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            boolean empty;
            try (Stream<Path> s = Files.list(target)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !force) {
                throw new DirectoryNotEmptyException(target + " is not empty (--force writes into it anyway)");
            }
        } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target + " exists and is not a directory");
        } else {
            Files.createDirectories(target);
        }
        checkedDirectories.add(target);
    }

    /** The target path of a plan path, after checking that its parent is a real directory of ours. */
    private Path targetPath(String path) throws IOException {
        Path t = ExactPaths.resolve(target, path.substring(1));
        Path parent = t.getParent();
        if (!checkedDirectories.contains(parent)) {
            // Only a --force target can hold a name we did not make: it must be a real directory.
            if (!parent.startsWith(target) || !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(shown(parent) + ": not a directory of the target (a symlink?); refusing to write "
                        + shown(path) + " through it");
            }
            checkedDirectories.add(parent);
        }
        return t;
    }

    /** Clears the way for a new name; false when an existing directory is to be kept as it is. */
    private boolean makeRoom(Path t, FileType type) throws IOException {
        if (!Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!force) {
            throw new FileAlreadyExistsException(shown(t));
        }
        if (Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
            if (type == FileType.DIRECTORY) {
                checkedDirectories.add(t);
                return false;
            }
            throw new IOException(shown(t) + ": a directory is in the way of a " + type.name().toLowerCase());
        }
        Files.delete(t); // unlink: a symlink is removed, never followed
        return true;
    }

    /** Copies a regular file's data; holes stay holes. Returns the bytes of data copied. */
    private long copyContent(Path from, Path to) throws IOException {
        long copied = 0;
        long size;
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                     LinkOption.NOFOLLOW_LINKS)) {
            size = in.size();
            for (Extent e : posix.dataExtents(from, size)) {
                long pos = e.offset();
                long end = Math.min(size, e.offset() + e.length());
                while (pos < end) {
                    out.position(pos);
                    long n = in.transferTo(pos, end - pos, out);
                    if (n <= 0) {
                        break; // the source shrank while being read
                    }
                    pos += n;
                    copied += n;
                }
            }
        }
        if (Files.size(to) < size) {
            java.io.File file = to.toFile();
            if (file.toPath().equals(to)) {
                // A trailing hole: extend without writing (ftruncate).
                try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
                    raf.setLength(size);
                }
            } else {
                // java.io.File cannot name these bytes (not valid in the JVM's file-name charset):
                // write the last byte, a zero, which costs the trailing hole one block.
                try (FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    out.write(java.nio.ByteBuffer.allocate(1), size - 1);
                }
            }
        }
        return copied;
    }

    private void applyMetadata(Path t, SourceFile f) throws IOException {
        try {
            // lchown (no-follow); before chmod and the xattrs, since chown clears setuid bits and
            // file capabilities.
            Files.setAttribute(t, "unix:uid", f.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(t, "unix:gid", f.gid(), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            warnings.add(shown(f.path()) + ": owner not set (" + e.getMessage() + ")");
        }
        if (f.type() != FileType.SYMLINK) {
            // chmod(2) by path: the name is ours and not a symlink; the JDK's no-follow variant
            // would open the file, which blocks on a fifo.
            Files.setAttribute(t, "unix:mode", f.mode());
        }
        for (Map.Entry<String, byte[]> x : f.xattrs().entrySet()) {
            try {
                posix.writeXattr(t, x.getKey(), x.getValue());
            } catch (IOException e) {
                warnings.add(shown(f.path()) + ": xattr " + x.getKey() + " not set (" + e.getMessage() + ")");
            }
        }
        posix.setTimes(t, f.mtime(), f.mtime());
    }

    /** A name for a message: its exact bytes, on one line. */
    private static String shown(String path) {
        return FileNames.printable(path);
    }

    private static String shown(Path path) {
        return FileNames.printable(ExactPaths.name(path));
    }
}
