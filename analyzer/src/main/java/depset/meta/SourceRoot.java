package depset.meta;

import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A root tree on the host (a debootstrapped guest, or {@code /}) seen from inside: absolute paths
 * are paths in the root, and symlinks are followed the way a process chrooted there would see them
 * (an absolute target starts again at the root, {@code ..} never leaves it). Reading a guest's
 * {@code /usr/share/doc/g++ -> cpp} through the host's file system would otherwise end up in the host.
 */
public final class SourceRoot {
    private static final int MAX_LINKS = 40; // as the kernel's ELOOP limit

    private final Path root;

    private SourceRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public static SourceRoot of(Path root) {
        return new SourceRoot(root);
    }

    public Path root() {
        return root;
    }

    /**
     * The host path of {@code path} (absolute inside the root), without following anything; the
     * name's exact bytes ({@link depset.fsops.ExactPaths}).
     */
    public Path host(String path) {
        String rel = path.startsWith("/") ? path.substring(1) : path;
        return rel.isEmpty() ? root : depset.fsops.ExactPaths.resolve(root, rel);
    }

    /**
     * {@code path} with every symlink followed inside the root; null when a component does not exist
     * or the links loop.
     */
    public String follow(String path) {
        return follow(path, link -> { });
    }

    /**
     * As {@link #follow(String)}, telling {@code onLink} the path of every symlink passed on the way
     * (in the root's terms), so that a caller can keep the links a process would need too.
     */
    public String follow(String path, java.util.function.Consumer<String> onLink) {
        Deque<String> todo = new ArrayDeque<>(split(path));
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                done.pollLast();
                continue;
            }
            String candidate = join(done) + "/" + name;
            Path host = host(candidate);
            if (Files.isSymbolicLink(host)) {
                if (++links > MAX_LINKS) {
                    return null;
                }
                onLink.accept(candidate);
                String target;
                try {
                    target = depset.fsops.ExactPaths.name(Files.readSymbolicLink(host));
                } catch (IOException e) {
                    return null;
                }
                List<String> parts = split(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                continue;
            }
            if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            done.addLast(name);
        }
        return done.isEmpty() ? "/" : join(done);
    }

    /** The text of a file in the root (following links inside it), or null when it cannot be read. */
    public String readString(String path) {
        String real = follow(path);
        if (real == null || !Files.isRegularFile(host(real), LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return new String(Files.readAllBytes(host(real)), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** A symlink's target as stored, or null when {@code path} is not a symlink. */
    public String readlink(String path) {
        try {
            Path host = host(path);
            return Files.isSymbolicLink(host) ? depset.fsops.ExactPaths.name(Files.readSymbolicLink(host)) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A manifest entry for {@code path} (not followed) as it is in the root, with {@code reasons};
     * null when it does not exist.
     */
    public ManifestEntry entry(String path, List<Reason> reasons) {
        Path host = host(path);
        try {
            Map<String, Object> a = Files.readAttributes(host, "unix:mode,uid,gid,size,lastModifiedTime,nlink,ino,dev",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            FileType type = FileType.ofMode(mode);
            if (type == null) {
                return null;
            }
            String target = type == FileType.SYMLINK ? depset.fsops.ExactPaths.name(Files.readSymbolicLink(host)) : null;
            FileTime mtime = (FileTime) a.get("lastModifiedTime");
            java.time.Instant t = mtime.toInstant();
            long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
            String linkGroup = type != FileType.DIRECTORY && (Integer) a.get("nlink") > 1
                    ? a.get("dev") + ":" + a.get("ino") : null;
            return new ManifestEntry(path, type, mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                    (Long) a.get("size"), nanos, target, linkGroup, reasons);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static List<String> split(String path) {
        List<String> out = new java.util.ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static String join(Deque<String> parts) {
        return parts.isEmpty() ? "" : "/" + String.join("/", parts);
    }
}
