package depset.fs;

import depset.trace.TraceHeader;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs TraceFs's request path hot before the traced program starts, so that the JIT has compiled
 * it: a fresh JVM serves its first thousands of requests interpreted, three to five times slower
 * (the first python3 start-up in a run took 190 ms, the fifth 80 ms). It mounts a throwaway
 * TraceFs over a temporary directory, its trace discarded, and makes there the requests traced
 * programs make most — lookups found and not, getattrs, opens and reads, readdirs, readlinks,
 * creations, writes, renames, unlinks — from a thread of this JVM. Nothing of the real source
 * root is touched and nothing reaches the real trace; the temporary directory is removed.
 */
public final class WarmUp {
    /** Rounds enough for C2 to compile the callbacks (about 20,000 requests; half a second). */
    public static final int DEFAULT_ROUNDS = 120;
    private static final int FILES = 24;

    private WarmUp() {
    }

    /** Warms up; returns the number of requests TraceFs served. */
    public static long run(int rounds) throws IOException {
        Path dir = Files.createTempDirectory("depset-warmup");
        try {
            Path backing = Files.createDirectory(dir.resolve("backing"));
            Path mnt = Files.createDirectory(dir.resolve("mnt"));
            Path sub = Files.createDirectories(backing.resolve("lib/sub"));
            for (int i = 0; i < FILES; i++) {
                Files.write(sub.resolve("f" + i), new byte[4096 + i]);
            }
            Files.createSymbolicLink(backing.resolve("lib/link"), Path.of("sub/f0"));
            TraceHeader header = new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, backing.toString(),
                    "1970-01-01T00:00:00Z", "warm-up", "warm-up", List.of());
            TraceWriter writer = TraceWriter.to(OutputStream.nullOutputStream(), header, 1 << 14);
            try (TraceMount m = TraceMount.mount(backing, mnt, writer, MountOptions.defaults())) {
                for (int r = 0; r < rounds; r++) {
                    round(mnt.resolve("lib"), r);
                }
                return m.requestsServed();
            } finally {
                writer.close();
            }
        } finally {
            removeTree(dir);
        }
    }

    private static void round(Path lib, int r) throws IOException {
        Path sub = lib.resolve("sub");
        for (int i = 0; i < FILES; i++) {
            Path f = sub.resolve("f" + i);
            Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Files.exists(sub.resolve("missing" + i));
            if (i % 3 == 0) {
                Files.readAllBytes(f);
            }
        }
        Files.readSymbolicLink(lib.resolve("link"));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(sub)) {
            entries.forEach(e -> { });
        }
        Path made = lib.resolve("made" + r);
        Files.write(made, new byte[512]);
        Path moved = lib.resolve("moved" + r);
        Files.move(made, moved, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(moved, Files.getLastModifiedTime(moved));
        Files.delete(moved);
    }

    private static void removeTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
