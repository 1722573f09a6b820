package depset.vm.guest;

import depset.sandbox.HostCommand;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A directory of built guests, one subdirectory per recipe content hash ({@code lamp-1a2b3c4d5e6f}).
 * A guest is built into a temporary sibling and renamed into place in one atomic step, so a
 * directory under its final name is always complete; leftovers of a killed build are removed before
 * the next build of the same key. A file lock serialises builds of one key across processes.
 */
public final class GuestCache {
    /** The environment variable that moves the cache. */
    public static final String CACHE_VARIABLE = "DEPSET_GUEST_CACHE";
    private static final Path DEFAULT_DIR = Path.of("/var/cache/depset/guests");
    private static final String TEMP_PREFIX = ".building-";

    /** Fills a temporary directory with a guest; the directory exists and is empty when called. */
    @FunctionalInterface
    public interface Build {
        void into(Path dir, Path log) throws IOException, GuestBuildException;
    }

    private final Path dir;

    public GuestCache(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    /** The cache named by {@value #CACHE_VARIABLE}, else {@code /var/cache/depset/guests}. */
    public static GuestCache fromEnvironment() {
        String env = System.getenv(CACHE_VARIABLE);
        return new GuestCache(env == null || env.isBlank() ? DEFAULT_DIR : Path.of(env));
    }

    public Path dir() {
        return dir;
    }

    /** Where the guest with {@code key} lives once built. */
    public Path pathOf(String key) {
        return dir.resolve(key);
    }

    /** The build log of {@code key}, kept beside the guest. */
    public Path logOf(String key) {
        return dir.resolve(key + ".log");
    }

    /**
     * The guest under {@code key}: the cached one, or a new one made by {@code build}.
     *
     * @return the guest's root and whether it came from the cache
     */
    public Guest obtain(String name, String hash, String key, Build build) throws IOException, GuestBuildException {
        Path target = pathOf(key);
        if (Files.isDirectory(target)) {
            return new Guest(name, hash, target, true);
        }
        Files.createDirectories(dir);
        try (FileChannel lockFile = FileChannel.open(dir.resolve(key + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            if (Files.isDirectory(target)) {
                return new Guest(name, hash, target, true); // another process built it while we waited
            }
            removeLeftovers(key);
            Path temp = Files.createTempDirectory(dir, TEMP_PREFIX + key + "-");
            // A guest's "/" must be traversable by its own users (mysql, www-data): not the 0700 of a temp dir.
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path log = logOf(key);
            Files.deleteIfExists(log);
            boolean done = false;
            try {
                build.into(temp, log);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                done = true;
            } finally {
                if (!done) {
                    delete(temp);
                }
            }
            return new Guest(name, hash, target, false);
        }
    }

    /** Removes half-built trees of {@code key} that a killed build left (we hold its lock). */
    private void removeLeftovers(String key) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, TEMP_PREFIX + key + "-*")) {
            for (Path p : ds) {
                delete(p);
            }
        }
    }

    /**
     * Deletes a tree without crossing into other file systems (a guest's mounts live in private
     * namespaces, but a mount left by hand must never be emptied).
     */
    static void delete(Path tree) throws IOException {
        HostCommand.Result r = HostCommand.removeTree(tree);
        if (!r.ok()) {
            throw new IOException("cannot remove " + tree + ": " + r.lastLine());
        }
    }
}
