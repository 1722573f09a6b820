package depset.vm.eval;

import depset.sandbox.HostCommand;
import depset.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A root tree's size as it lies on disk: the bytes of its regular files (each hard-linked inode
 * once), its non-directory entries, and the size of the tree as a gzip-compressed tar (redo logs
 * and databases are mostly zeros, so the two differ a lot).
 *
 * @param bytes           bytes of regular files
 * @param files           regular files, symlinks and other non-directory entries
 * @param compressedBytes the size of {@code tar -cz} of the tree
 */
public record TreeSize(long bytes, long files, long compressedBytes) {

    /** Measures {@code root} and compresses it: {@link #of(Path, boolean)}. */
    public static TreeSize of(Path root) throws IOException {
        return of(root, true);
    }

    /**
     * Measures {@code root} as a run of it sees it: its own file systems (the layers a sandbox of it
     * makes), not the kernel's nor what is mounted on its /proc, /dev, /sys and /run (for root "/":
     * the machine's disks, not /proc/1/map_files). {@code compress}: also the size of its tar.gz (for
     * a machine's own root, hours; then -1).
     */
    public static TreeSize of(Path root, boolean compress) throws IOException {
        long[] count = new long[2];
        Set<Object> inodes = new HashSet<>();
        Set<Path> skipped = new HashSet<>();
        for (String m : Sandbox.notLayered(root)) {
            skipped.add(Path.of(m));
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                return skipped.contains(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                count[1]++;
                if (a.isRegularFile() && (a.fileKey() == null || inodes.add(a.fileKey()))) {
                    count[0] += a.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                return FileVisitResult.CONTINUE; // a directory that cannot be read to its end counts as far as read
            }
        });
        if (!compress) {
            return new TreeSize(count[0], count[1], -1);
        }
        HostCommand.Result r = HostCommand.run(List.of("/bin/sh", "-c",
                "tar -C \"$1\" --one-file-system -cf - . | gzip -6 | wc -c", "measure", root.toString()),
                Duration.ofMinutes(20));
        long compressed = -1;
        if (r.ok()) {
            try {
                compressed = Long.parseLong(r.lastLine().strip());
            } catch (NumberFormatException e) {
                compressed = -1;
            }
        }
        return new TreeSize(count[0], count[1], compressed);
    }

    public double megabytes() {
        return bytes / 1e6;
    }

    public double compressedMegabytes() {
        return compressedBytes / 1e6;
    }
}
