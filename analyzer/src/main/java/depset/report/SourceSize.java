package depset.report;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * The bytes of the regular files of a source root, for the report's "share of the source": what a
 * copy-everything deployment would ship. Stays on the root's own file system (a host's {@code /proc}
 * or a mounted disk is not part of it) and counts each hard-linked inode once.
 */
public final class SourceSize {
    private SourceSize() {
    }

    public static long of(Path root) throws IOException {
        Object rootDev = Files.getAttribute(root, "unix:dev");
        long[] total = {0};
        Set<Object> seenLinks = new HashSet<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                return rootDev.equals(Files.getAttribute(dir, "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Object key = attrs.fileKey();
                    int nlink = (Integer) Files.getAttribute(file, "unix:nlink", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    if (nlink < 2 || key == null || seenLinks.add(key)) {
                        total[0] += attrs.size();
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // unreadable corners do not make the figure wrong by much
            }
        });
        return total[0];
    }
}
