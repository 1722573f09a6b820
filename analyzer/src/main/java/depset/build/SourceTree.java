package depset.build;

import depset.fsops.ExactPaths;
import depset.fsops.PosixFiles;
import depset.trace.FileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The source root a deployment set is copied from. Reads never follow a symlink, and a path whose
 * parent is a symlink inside the source is not read through it: what the set names must be the
 * file itself, never something a link elsewhere (possibly outside the root) points to.
 */
public final class SourceTree {
    private final Path root;
    private final PosixFiles posix;
    private final Map<String, Dir> directories = new HashMap<>();

    public SourceTree(Path root, PosixFiles posix) {
        this.root = root.toAbsolutePath().normalize();
        this.posix = posix;
    }

    public Path root() {
        return root;
    }

    public PosixFiles posix() {
        return posix;
    }

    /**
     * The host path of {@code path} (absolute inside the root, a {@link depset.trace.FileNames}
     * string form): a java.nio path of the name's exact bytes, even those that are not UTF-8.
     */
    public Path resolve(String path) {
        return path.equals("/") ? root : ExactPaths.resolve(root, path.substring(1));
    }

    /**
     * The file at {@code path} as it is now.
     *
     * @throws NoSuchFileException   when it does not exist
     * @throws NotDirectoryException when a parent is not a real directory (a symlink, say)
     */
    public SourceFile stat(String path) throws IOException {
        String parent = EntryPath.parent(path);
        if (parent != null) {
            Dir d = directory(parent);
            if (d.state != Dir.REAL) {
                throw d.state == Dir.MISSING ? new NoSuchFileException(path) : new NotDirectoryException(d.path);
            }
        }
        return statHere(path);
    }

    /** What a directory path is in the source: a real directory, missing, or not one (at {@code path}). */
    private record Dir(int state, String path) {
        static final int REAL = 0;
        static final int MISSING = 1;
        static final int NOT_A_DIRECTORY = 2;
    }

    private Dir directory(String dir) {
        // From the nearest known ancestor down, in a loop: no recursion per path component.
        java.util.ArrayDeque<String> unknown = new java.util.ArrayDeque<>();
        Dir d = null;
        for (String p = dir; p != null; p = EntryPath.parent(p)) {
            d = directories.get(p);
            if (d != null) {
                break;
            }
            unknown.push(p);
        }
        while (!unknown.isEmpty()) {
            String p = unknown.pop();
            if (d == null) {
                d = new Dir(Dir.REAL, p); // the root
            } else if (d.state == Dir.REAL) {
                Path host = resolve(p);
                d = Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS) ? new Dir(Dir.REAL, p)
                        : Files.exists(host, LinkOption.NOFOLLOW_LINKS) ? new Dir(Dir.NOT_A_DIRECTORY, p)
                        : new Dir(Dir.MISSING, p);
            }
            directories.put(p, d);
        }
        return d;
    }

    /**
     * The host path of the regular file at {@code path} inside the root, or null when there is none
     * there: {@code path} must be normal, every parent a real directory (never a symlink, which
     * could lead outside the root) and the file itself a regular file, not a link. What every
     * command that reads a set's file contents (secrets, report, build) reads through.
     */
    public Path regularFile(String path) {
        if (depset.trace.FileNames.pathProblem(path) != null || path.equals("/")) {
            return null;
        }
        Dir d = directory(EntryPath.parent(path));
        if (d.state != Dir.REAL) {
            return null;
        }
        Path host = resolve(path);
        return Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS) ? host : null;
    }

    private SourceFile statHere(String path) throws IOException {
        Path p = resolve(path);
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,rdev,dev,ino",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        FileType type = FileType.ofMode(mode);
        if (type == null) {
            throw new IOException(path + ": unknown file type " + Integer.toOctalString(mode));
        }
        String target = type == FileType.SYMLINK ? ExactPaths.name(Files.readSymbolicLink(p)) : null;
        long rdev = type == FileType.CHAR_DEVICE || type == FileType.BLOCK_DEVICE ? (Long) a.get("rdev") : 0;
        return new SourceFile(path, type, mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("size"), ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS), target, rdev,
                a.get("dev") + ":" + a.get("ino"), posix.readXattrs(p));
    }
}
