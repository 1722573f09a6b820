package depset.closure;

import depset.manifest.Reason;
import depset.strategy.Analysis;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * {@code dirs}: chosen directories of the source root, whole (e.g. an interpreter's module
 * directory, {@code /etc/ssl/certs}): the directory itself (rule {@value #RULE_NAMED}) and
 * everything below it, without following symlinks out of it (rule {@value #RULE}, naming the directory).
 *
 * @param dirs absolute paths in the root
 */
public record DirectoryClosure(List<String> dirs) implements Closure {
    public static final String NAME = "dirs";
    public static final String RULE_NAMED = NAME + ": directory to complete";
    public static final String RULE = NAME + ": in a completed directory";

    public DirectoryClosure {
        dirs = List.copyOf(dirs);
        for (String d : dirs) {
            if (!d.startsWith("/")) {
                throw new IllegalArgumentException("dirs: " + d + " is not an absolute path in the root");
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void close(SetAdditions set) throws IOException {
        for (String dir : dirs) {
            String real = set.addFollowing(dir, Reason.needed(RULE_NAMED, "directory " + dir, null), NAME);
            Path host = real == null ? null : set.root().host(real);
            if (host == null || !Files.isDirectory(host, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                set.warn("dirs: " + dir + " is not a directory in the source root");
                continue;
            }
            Reason why = Reason.needed(RULE, "directory " + dir, real);
            Files.walkFileTree(host, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    String path = inRoot(set, d);
                    if (Analysis.underKernelTree(path)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    set.addExact(path, why, NAME);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    set.addExact(inRoot(set, f), why, NAME);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    set.warn("dirs: cannot read " + inRoot(set, f) + ": " + e.getMessage());
                    return FileVisitResult.CONTINUE;
                }
            });
        }
    }

    private static String inRoot(SetAdditions set, Path host) {
        String rel = depset.fsops.ExactPaths.name(set.root().root().relativize(host));
        return rel.isEmpty() ? "/" : "/" + rel;
    }
}
