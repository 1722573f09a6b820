package depset.cli;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A constructed source root with every file type a deployment set can hold, made with the real
 * tools (mkfifo, setcap; a user xattr through the JDK), and a manifest naming part of it.
 */
final class SampleSource {
    static final String LONG_DIR = "/opt/" + "a-rather-long-directory-name-".repeat(3) + "x";
    static final String LONG_NAME = LONG_DIR + "/" + "file-with-a-name-long-enough-to-need-pax-".repeat(2) + "héllo";

    /** The paths the manifest names. */
    static final List<String> LISTED = List.of(
            "/bin/tool", "/bin/suid", "/bin/cap", "/data/sparse", "/data/hard1", "/data/hard2", "/data/xattr",
            "/data/owned", "/lib/rel", "/lib/abs", "/lib/dangling", "/lib/escape", "/run/fifo", "/empty",
            "/srv/sgid", LONG_NAME);

    /** Parents that are not named but must be written with their own metadata. */
    static final List<String> PARENTS = List.of("/bin", "/data", "/lib", "/run", "/opt", LONG_DIR, "/srv");

    private SampleSource() {
    }

    static void create(Path root) throws IOException, InterruptedException {
        mkdir(root, "/bin", 0755, 0, 0);
        mkdir(root, "/data", 0750, 12, 34);
        mkdir(root, "/lib", 0700, 0, 0);
        mkdir(root, "/run", 0755, 0, 0);
        mkdir(root, "/empty", 01777, 0, 0);
        mkdir(root, "/srv", 0755, 0, 0);
        mkdir(root, "/srv/sgid", 02775, 0, 50);
        mkdir(root, "/opt", 0755, 0, 0);
        mkdir(root, LONG_DIR, 0755, 0, 0);
        mkdir(root, "/unlisted", 0755, 0, 0);
        file(root, "/bin/tool", "#!/bin/sh\necho tool\n", 0755, 0, 0);
        file(root, "/bin/suid", "suid binary", 04755, 0, 0);
        file(root, "/bin/cap", "capable binary", 0755, 0, 0);
        run("setcap", "cap_net_bind_service+ep", path(root, "/bin/cap").toString());
        try (RandomAccessFile f = new RandomAccessFile(path(root, "/data/sparse").toFile(), "rw")) {
            f.seek(5L << 20);
            f.write("data in the middle".getBytes(StandardCharsets.UTF_8));
            f.setLength(10L << 20);
        }
        meta(root, "/data/sparse", 0644, 0, 0);
        file(root, "/data/hard1", "one inode, two names", 0640, 7, 8);
        Files.createLink(path(root, "/data/hard2"), path(root, "/data/hard1"));
        file(root, "/data/xattr", "has an xattr", 0644, 0, 0);
        Files.getFileAttributeView(path(root, "/data/xattr"), java.nio.file.attribute.UserDefinedFileAttributeView.class)
                .write("origin", java.nio.ByteBuffer.wrap("depset-test".getBytes(StandardCharsets.UTF_8)));
        file(root, "/data/owned", "owned by someone", 0600, 1234, 5678);
        symlink(root, "/lib/rel", "../bin/tool");
        symlink(root, "/lib/abs", "/bin/tool");
        symlink(root, "/lib/dangling", "/nowhere/at/all");
        symlink(root, "/lib/escape", "../../../../../../etc/passwd");
        run("mkfifo", "-m", "0620", path(root, "/run/fifo").toString());
        meta(root, "/run/fifo", 0620, 0, 5);
        file(root, LONG_NAME, "long name", 0644, 0, 0);
        file(root, "/unlisted/secret", "must not be copied", 0600, 0, 0);
        file(root, "/bin/unlisted", "must not be copied either", 0755, 0, 0);
        // Distinct, sub-second times, set last (children first) so directories keep theirs.
        long t = 1_600_000_000_123_456_789L;
        List<String> all = new ArrayList<>(LISTED);
        all.addAll(PARENTS);
        all.sort(java.util.Comparator.reverseOrder());
        for (String p : all) {
            t += 1_000_000_777L;
            // touch -h: never follows a symlink and never opens the file (the JDK would, and
            // block on the fifo).
            run("touch", "-h", "-d", "@" + (t / 1_000_000_000L) + "." + String.format("%09d", t % 1_000_000_000L),
                    path(root, p).toString());
        }
    }

    /** A manifest naming {@link #LISTED} with their metadata as the source holds it. */
    static Manifest manifest(Path root, List<String> command) throws IOException {
        List<ManifestEntry> entries = new ArrayList<>();
        for (String p : LISTED) {
            entries.add(entry(root, p));
        }
        return Manifest.of(root.toString(), "strict", List.of(), command, List.of(), entries);
    }

    static ManifestEntry entry(Path root, String p) throws IOException {
        Path q = path(root, p);
        Map<String, Object> a = Files.readAttributes(q, "unix:*", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        FileType type = FileType.ofMode(mode);
        long nlink = ((Number) a.get("nlink")).longValue();
        return new ManifestEntry(p, type, mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("size"), ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                type == FileType.SYMLINK ? Files.readSymbolicLink(q).toString() : null,
                nlink > 1 && type == FileType.FILE ? a.get("dev") + ":" + a.get("ino") : null,
                List.of(new Reason("test", 1, "/bin/test", "open")));
    }

    static Path path(Path root, String p) {
        return root.resolve(p.substring(1));
    }

    private static void mkdir(Path root, String p, int mode, int uid, int gid) throws IOException {
        Files.createDirectories(path(root, p));
        meta(root, p, mode, uid, gid);
    }

    private static void file(Path root, String p, String content, int mode, int uid, int gid) throws IOException {
        Files.writeString(path(root, p), content);
        meta(root, p, mode, uid, gid);
    }

    private static void symlink(Path root, String p, String target) throws IOException {
        Files.createSymbolicLink(path(root, p), Path.of(target));
    }

    private static void meta(Path root, String p, int mode, int uid, int gid) throws IOException {
        Path q = path(root, p);
        Files.setAttribute(q, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(q, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(q, "unix:mode", mode);
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
