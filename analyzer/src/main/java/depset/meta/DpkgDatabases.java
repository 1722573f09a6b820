package depset.meta;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The dpkg databases one command has read, each once: a source root's whole database (every
 * package's file list) takes a second or more to read, and a command that computes several
 * strategies, each with a package closure and a license list, asks for it again and again.
 * Not thread-safe: one command's own.
 */
public final class DpkgDatabases {
    private final Map<Path, DpkgDatabase> read = new HashMap<>();

    /** The database of {@code rootDir}, read on first asking ({@link DpkgDatabase#read}). */
    public DpkgDatabase of(Path rootDir) throws IOException {
        Path key = key(rootDir);
        DpkgDatabase db = read.get(key);
        if (db == null) {
            db = DpkgDatabase.read(rootDir);
            read.put(key, db);
        }
        return db;
    }

    /** The directory itself, however it is spelt: its real path when it has one. */
    private static Path key(Path rootDir) {
        try {
            return rootDir.toRealPath();
        } catch (IOException e) {
            return rootDir.toAbsolutePath().normalize();
        }
    }
}
