package depset.build;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The size of a root tree as a run of it sees it, counted like {@code du --apparent-size}: regular files, each
 * hard-linked inode once, of every file system below the root except the mount points the caller leaves out.
 * The caller passes the sandbox's list ({@code depset.sandbox.Sandbox.notLayered}: the kernel's file systems
 * and what is mounted on /proc, /dev, /sys and /run, which the guest environment mounts afresh), so a host's
 * {@code /} counts its disks — /home on a partition of its own too, since a run sees it — and never
 * {@code /proc/1/map_files}. depset's one measure of a tree: the build's and the report's share of the source,
 * and the evaluation's sizes. A whole host root can take long to walk, so {@link #measure} has a time budget
 * and gives up rather than hold the build.
 *
 * @param bytes        bytes of the regular files
 * @param regularFiles regular files (each hard-linked inode once)
 * @param entries      non-directory entries: every name of a regular file, symlink, device, fifo or socket
 */
public record SourceSize(long bytes, long regularFiles, long entries) {

    /** The mount points at or below a root that a measure leaves out: {@code depset.sandbox.Sandbox::notLayered}. */
    @FunctionalInterface
    public interface Skipped {
        Collection<String> below(Path root) throws IOException;
    }

    /** Measures {@code root} without the mount points {@code skipped} names, however long it takes. */
    public static SourceSize of(Path root, Skipped skipped) throws IOException {
        return walk(root, skipped, Long.MAX_VALUE).orElseThrow();
    }

    /** As {@link #of}, or empty when the walk took longer than {@code budget}. */
    public static Optional<SourceSize> measure(Path root, Skipped skipped, Duration budget)
            throws IOException {
        return walk(root, skipped, System.nanoTime() + budget.toNanos());
    }

    private static Optional<SourceSize> walk(Path root, Skipped skipped, long deadline) throws IOException {
        Path start = root.toAbsolutePath().normalize();
        Set<Path> skip = new HashSet<>();
        for (String m : skipped.below(start)) {
            Path p = Path.of(m).toAbsolutePath().normalize();
            if (!p.equals(start)) {
                skip.add(p);
            }
        }
        long[] total = new long[3];
        Set<Object> seen = new HashSet<>();
        boolean[] late = new boolean[1];
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (deadline != Long.MAX_VALUE && System.nanoTime() > deadline) {
                    late[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                return skip.contains(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
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

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                return FileVisitResult.CONTINUE; // a directory that fails half-way counts as far as it was read
            }
        });
        return late[0] ? Optional.empty() : Optional.of(new SourceSize(total[0], total[1], total[2]));
    }
}
