package depset.cli;

import depset.fsops.PosixFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Everything a test compares about a tree: per path its type, mode, owner, mtime, size, link
 * target, content digest, xattrs and which other name shares its inode.
 */
final class TreeSnapshot {
    private TreeSnapshot() {
    }

    /** Every path below {@code root} (the root itself left out). */
    static Map<String, String> of(Path root, boolean nanos) throws IOException {
        List<String> paths;
        try (Stream<Path> s = Files.walk(root)) {
            paths = s.filter(p -> !p.equals(root)).map(p -> "/" + root.relativize(p)).toList();
        }
        return of(root, paths, nanos);
    }

    /**
     * The named paths below {@code root}, without the standard skeleton directories every built tree
     * gets ({@link depset.build.Skeleton}, tested on its own): a tree is compared with what its set named.
     */
    static Map<String, String> of(Path root, List<String> paths, boolean nanos) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Map<Object, String> firstName = new HashMap<>();
        for (String p : new java.util.TreeSet<>(paths)) {
            if (depset.build.Skeleton.contains(p)) {
                continue;
            }
            Path q = root.resolve(p.substring(1));
            Map<String, Object> a = Files.readAttributes(q, "unix:*", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            long mtime = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
            StringBuilder d = new StringBuilder();
            d.append(String.format("mode=%06o uid=%s gid=%s mtime=%d", mode, a.get("uid"), a.get("gid"),
                    nanos ? mtime : mtime / 1_000_000_000L));
            if (Files.isSymbolicLink(q)) {
                d.append(" -> ").append(Files.readSymbolicLink(q));
            } else if (Files.isRegularFile(q, LinkOption.NOFOLLOW_LINKS)) {
                d.append(" size=").append(a.get("size")).append(" sha256=").append(digest(q));
                String first = firstName.putIfAbsent(a.get("dev") + ":" + a.get("ino"), p);
                if (first != null) {
                    d.append(" hardlink-of=").append(first);
                }
            }
            PosixFiles.system().readXattrs(q).forEach((k, v) ->
                    d.append(" xattr:").append(k).append('=').append(HexFormat.of().formatHex(v)));
            out.put(p, d.toString());
        }
        return out;
    }

    private static String digest(Path q) throws IOException {
        try (InputStream in = Files.newInputStream(q)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
