package depset.build;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The size of a source root, the way {@code du -x --apparent-size} counts it: regular files of the
 * root's own file system (so {@code /proc}, {@code /sys}, {@code /dev}, tmpfs mounts are left out),
 * each hard-linked inode once. A whole host root can take long to walk, so the walk has a time
 * budget and gives up rather than hold the build.
 */
public final class SourceSize {
    private SourceSize() {
    }

    /** Bytes and files of the root, or empty when the walk took longer than {@code budgetMillis}. */
    public static Optional<long[]> measure(Path root, long budgetMillis) throws IOException {
        long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
        Object rootDev = Files.getAttribute(root, "unix:dev");
        long[] total = new long[2];
        Set<Object> seen = new HashSet<>();
        boolean[] late = new boolean[1];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (System.nanoTime() > deadline) {
                    late[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                return rootDev.equals(Files.getAttribute(dir, "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
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
        return late[0] ? Optional.empty() : Optional.of(total);
    }
}
