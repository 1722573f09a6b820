package depset.build;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The size of a root tree, the way {@code du -x --apparent-size} counts it: regular files of the root's own
 * file system (so {@code /proc}, {@code /sys}, {@code /dev}, tmpfs mounts are left out), each hard-linked
 * inode once. depset's one measure of a tree: the build's and the report's share of the source, and the
 * evaluation's sizes. A whole host root can take long to walk, so {@link #measure(Path, Duration)} has a time
 * budget and gives up rather than hold the build.
 *
 * @param bytes        bytes of the regular files
 * @param regularFiles regular files (each hard-linked inode once)
 * @param entries      non-directory entries: every name of a regular file, symlink, device, fifo or socket
 */
public record SourceSize(long bytes, long regularFiles, long entries) {

    /** Measures {@code root} however long it takes. */
    public static SourceSize of(Path root) throws IOException {
        return walk(root, Long.MAX_VALUE).orElseThrow();
    }

    /** Measures {@code root}, or empty when the walk took longer than {@code budget}. */
    public static Optional<SourceSize> measure(Path root, Duration budget) throws IOException {
        return walk(root, System.nanoTime() + budget.toNanos());
    }

    private static Optional<SourceSize> walk(Path root, long deadline) throws IOException {
        Object rootDev = Files.getAttribute(root, "unix:dev");
        long[] total = new long[3];
        Set<Object> seen = new HashSet<>();
        boolean[] late = new boolean[1];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (deadline != Long.MAX_VALUE && System.nanoTime() > deadline) {
                    late[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                return rootDev.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[2]++;
                if (attrs.isRegularFile() && (attrs.fileKey() == null || seen.add(attrs.fileKey()))) {
                    total[0] += attrs.size();
                    total[1]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // unreadable corners do not stop a size estimate
            }
        });
        return late[0] ? Optional.empty() : Optional.of(new SourceSize(total[0], total[1], total[2]));
    }
}
