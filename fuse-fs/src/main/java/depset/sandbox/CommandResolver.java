package depset.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds a command inside a root tree the way execvp would inside the chroot, without entering
 * it: a name with a slash is a path, a bare name is searched along PATH; symlinks are followed
 * as the chrooted process would see them (absolute targets relative to the root), never out of
 * the root. Looking here, on the backing tree, records nothing in the trace.
 */
public final class CommandResolver {
    /** The PATH execvp uses when the environment has none, and a sane one for a chroot. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final int MAX_LINKS = 40;

    /** The outcome: where the command is, or why not. */
    public enum Outcome { FOUND, NOT_FOUND, NOT_EXECUTABLE }

    /** The outcome and, when found, the command's path inside the root. */
    public record Resolution(Outcome outcome, String path) {
    }

    private CommandResolver() {
    }

    /** Whether every one of {@code commands} is an executable on this host's PATH (a test needing it runs). */
    public static boolean onHostPath(String... commands) {
        for (String command : commands) {
            if (resolve(Path.of("/"), command, System.getenv("PATH"), "/").outcome() != Outcome.FOUND) {
                return false;
            }
        }
        return true;
    }

    /** Resolves {@code command} inside {@code root}, with {@code path} as PATH and {@code workdir} as cwd. */
    public static Resolution resolve(Path root, String command, String path, String workdir) {
        if (command.contains("/")) {
            String abs = command.startsWith("/") ? command : workdir + "/" + command;
            return new Resolution(check(root, abs), abs);
        }
        boolean sawNonExecutable = false;
        for (String dir : (path == null ? DEFAULT_PATH : path).split(":", -1)) {
            String abs = (dir.isEmpty() ? workdir : dir) + "/" + command;
            if (!abs.startsWith("/")) {
                abs = workdir + "/" + abs;
            }
            Outcome o = check(root, abs);
            if (o == Outcome.FOUND) {
                return new Resolution(o, abs);
            }
            sawNonExecutable |= o == Outcome.NOT_EXECUTABLE;
        }
        return new Resolution(sawNonExecutable ? Outcome.NOT_EXECUTABLE : Outcome.NOT_FOUND, command);
    }

    private static Outcome check(Path root, String inside) {
        Path p = follow(root, inside);
        if (p == null) {
            return Outcome.NOT_FOUND;
        }
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> perms = a.permissions();
            boolean anyX = perms.contains(PosixFilePermission.OWNER_EXECUTE)
                    || perms.contains(PosixFilePermission.GROUP_EXECUTE)
                    || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
            return a.isRegularFile() && anyX ? Outcome.FOUND : Outcome.NOT_EXECUTABLE;
        } catch (IOException e) {
            return Outcome.NOT_FOUND;
        }
    }

    /** The host path of {@code inside} after following symlinks within {@code root}; null when missing. */
    public static Path follow(Path root, String inside) {
        return follow(rel -> depset.fsops.ExactPaths.resolve(root, rel), inside);
    }

    /**
     * {@link #follow(Path, String)} over a root made of several trees: {@code view} says where the
     * machine finds a path of the root (relative, "" for the root itself).
     */
    public static Path follow(Function<String, Path> view, String inside) {
        Deque<String> todo = new ArrayDeque<>(List.of(inside.split("/")));
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                done.pollLast();
                continue;
            }
            done.addLast(name);
            Path host = view.apply(String.join("/", done));
            if (Files.isSymbolicLink(host)) {
                if (++links > MAX_LINKS) {
                    return null;
                }
                String target;
                try {
                    target = depset.fsops.ExactPaths.name(Files.readSymbolicLink(host));
                } catch (IOException e) {
                    return null;
                }
                done.pollLast();
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
            } else if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
        }
        return view.apply(String.join("/", done));
    }
}
