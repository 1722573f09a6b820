package depset.fs;

import depset.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A mounted TraceFs: a recording pass-through of {@code backing} at {@code mountPoint}, whose every
 * request is written to a {@link TraceWriter}. Closing unmounts it.
 */
public final class TraceMount implements AutoCloseable {
    private TraceMount() {
    }

    /**
     * Mounts TraceFs and returns once the mount is live (a getattr of its root answers).
     *
     * @throws IOException with a one-line reason when the mount cannot be made (not root, no
     *                     /dev/fuse, libfuse2 missing, mount point missing or busy)
     */
    public static TraceMount mount(Path backing, Path mountPoint, TraceWriter writer, MountOptions options)
            throws IOException {
        throw new UnsupportedOperationException("TraceFs is being written");
    }

    public Path mountPoint() {
        throw new UnsupportedOperationException("TraceFs is being written");
    }

    /** Requests served so far, counted apart from the trace writer (to check no event is lost). */
    public long requestsServed() {
        throw new UnsupportedOperationException("TraceFs is being written");
    }

    /** Unmounts (lazily when busy) and waits for the daemon threads to end. Idempotent. */
    @Override
    public void close() {
    }
}
