package depset.fs;

import depset.trace.FileEvent;
import depset.trace.TraceEvent;
import depset.trace.TraceHeader;
import depset.trace.TraceReader;
import depset.trace.TraceWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real TraceFs mount for tests: a backing directory and a mount point in a temp dir, the trace
 * written to memory. {@link #close()} always unmounts.
 */
final class MountedTree implements AutoCloseable {
    final Path backing;
    final Path mnt;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final TraceWriter writer;
    final TraceMount mount;
    private boolean finished;

    private MountedTree(Path dir, MountOptions options) throws IOException {
        backing = Files.createDirectories(dir.resolve("backing"));
        mnt = Files.createDirectories(dir.resolve("mnt"));
        writer = TraceWriter.to(out, new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, backing.toString(),
                "2026-01-01T00:00:00Z", "test", "test", List.of()), 1 << 14);
        TraceMount m;
        try {
            m = TraceMount.mount(backing, mnt, writer, options);
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        mount = m;
    }

    /**
     * A mount with nothing cached ({@code --no-cache}): these tests compare each request with the backing
     * tree at once (a change made on the backing side shows without the attribute cache's delay).
     */
    static MountedTree in(Path dir) throws IOException {
        return new MountedTree(dir, MountOptions.defaults().cache(KernelCache.NONE));
    }

    static MountedTree in(Path dir, MountOptions options) throws IOException {
        return new MountedTree(dir, options);
    }

    /** A path inside the mount. */
    Path at(String relative) {
        return mnt.resolve(relative);
    }

    /** A path in the backing directory. */
    Path back(String relative) {
        return backing.resolve(relative);
    }

    /** The file events among {@code events}, in order. */
    static List<FileEvent> fileEvents(List<TraceEvent> events) {
        return events.stream().filter(e -> e instanceof FileEvent).map(e -> (FileEvent) e).toList();
    }

    /** Unmounts, closes the trace and returns all its events. */
    List<TraceEvent> events() throws IOException {
        close();
        List<TraceEvent> events = new ArrayList<>();
        try (TraceReader r = TraceReader.of("test", new ByteArrayInputStream(out.toByteArray()))) {
            for (TraceEvent e : r) {
                events.add(e);
            }
            if (!r.isComplete()) {
                throw new IOException("trace not complete");
            }
        }
        return events;
    }

    @Override
    public void close() throws IOException {
        mount.close();
        if (!finished) {
            finished = true;
            writer.finish(0);
        }
    }
}
