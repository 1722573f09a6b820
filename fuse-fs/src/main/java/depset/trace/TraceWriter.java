package depset.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a trace as JSON Lines on a thread of its own.
 *
 * <p>Thread-safe: TraceFs callbacks and the process monitor record concurrently. Numbering and
 * queueing happen under one lock, so sequence numbers are gap-free and appear in the file in
 * order. The queue is bounded and {@link #record} blocks when it is full: a slow disk slows the
 * traced program down (back-pressure) instead of losing events. When writing fails (disk full),
 * every later {@link #record} throws {@link TraceWriteException}, and {@link #finish} does not
 * write a footer, so the trace reads as cut.
 */
public final class TraceWriter implements AutoCloseable {
    // Compared by identity: tells the writer thread that no event follows.
    private static final TraceEvent END = new ProcessEvent.Exit(0, 0, 0, 0, 0, 0);
    private static final int BATCH = 4096;
    /** How often the writer looks at the queue while events come (see {@link #drain}). */
    private static final long POLL_NANOS = 1_000_000L;
    /** Empty polls (about 200 ms) before the writer blocks until the next event. */
    private static final int IDLE_POLLS = 200;

    private final BlockingQueue<TraceEvent> queue;
    private final JsonGenerator json;
    private final Thread thread;
    private final Object order = new Object();
    private long nextSeq = 1;
    private long fileEvents;
    private long inodeEvents;
    private long processEvents;
    private volatile IOException failure;
    private boolean closed;

    private TraceWriter(OutputStream out, TraceHeader header, int capacity, Runnable onWriterThread)
            throws IOException {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.json = TraceCodec.JSON.createGenerator(out);
        json.setRootValueSeparator(null);
        TraceCodec.writeHeader(json, header);
        json.writeRaw('\n');
        json.flush();
        this.thread = new Thread(() -> {
            try {
                onWriterThread.run();
            } catch (RuntimeException | LinkageError e) {
                // The set-up is about how the thread is scheduled; the writer runs without it,
                // where dying would leave the producers blocked on a queue nobody drains.
            }
            drain();
        }, "depset-trace-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Creates (or truncates) {@code file}; gzip-compressed when its name ends in ".gz". */
    public static TraceWriter create(Path file, TraceHeader header) throws IOException {
        return create(file, header, () -> { });
    }

    /**
     * As {@link #create(Path, TraceHeader)}, and runs {@code onWriterThread} first on the writer's
     * thread: a tracing session sets the thread's scheduling there.
     */
    public static TraceWriter create(Path file, TraceHeader header, Runnable onWriterThread) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        return new TraceWriter(out, header, 1 << 16, onWriterThread);
    }

    /** Writes to a stream (closed with the writer); for tests and pipes. */
    public static TraceWriter to(OutputStream out, TraceHeader header, int capacity) throws IOException {
        return new TraceWriter(out, header, capacity, () -> { });
    }

    /**
     * Records one event, built by {@code event} from the sequence number it is given. Blocks
     * while the queue is full.
     *
     * @return the event recorded
     * @throws TraceWriteException when the trace can no longer be written
     */
    public TraceEvent record(LongFunction<? extends TraceEvent> event) {
        IOException f = failure;
        if (f != null) {
            throw new TraceWriteException(f);
        }
        synchronized (order) {
            if (closed) {
                throw new TraceWriteException(new IOException("trace already closed"));
            }
            TraceEvent e = event.apply(nextSeq);
            if (e.seq() != nextSeq) {
                throw new IllegalArgumentException("event built with seq " + e.seq() + ", expected " + nextSeq);
            }
            nextSeq++;
            if (e instanceof FileEvent) {
                fileEvents++;
            } else if (e instanceof InodeEvent) {
                inodeEvents++;
            } else {
                processEvents++;
            }
            putUninterruptibly(e);
            return e;
        }
    }

    /** The number of events recorded so far. */
    public long count() {
        synchronized (order) {
            return nextSeq - 1;
        }
    }

    /** The error that stopped writing, or null. */
    public IOException failure() {
        return failure;
    }

    /**
     * Writes the footer and closes the file. A trace whose writing failed gets no footer.
     *
     * @return the footer written, or null when the trace could not be completed
     */
    public TraceFooter finish(int exitStatus) throws IOException {
        TraceFooter footer;
        synchronized (order) {
            if (closed) {
                return null;
            }
            closed = true;
            footer = new TraceFooter(nextSeq - 1, fileEvents, inodeEvents, processEvents, Instant.now().toString(), exitStatus);
            putUninterruptibly(END);
        }
        joinUninterruptibly();
        try {
            if (failure == null) {
                TraceCodec.writeFooter(json, footer);
                json.writeRaw('\n');
            }
        } finally {
            closeJson();
        }
        if (failure != null) {
            throw failure;
        }
        return footer;
    }

    /** Closes without a footer unless {@link #finish} ran: what is written reads as a cut trace. */
    @Override
    public void close() throws IOException {
        synchronized (order) {
            if (closed) {
                return;
            }
            closed = true;
            putUninterruptibly(END);
        }
        joinUninterruptibly();
        closeJson();
    }

    /**
     * Closes the generator and the stream. After a failed write that is the same failure again,
     * or not, depending on when it struck: in the middle of an event the generator still has that
     * event's closing brackets to write, between two events it has nothing. The failure is known
     * already ({@link #failure}), so only a first one is thrown here.
     */
    private void closeJson() throws IOException {
        try {
            json.close();
        } catch (IOException e) {
            if (failure == null) {
                throw e;
            }
        }
    }

    /**
     * The writer thread. It takes events in batches and, while events keep coming, polls the
     * queue every {@link #POLL_NANOS} instead of blocking on it: a blocked taker makes every
     * {@code put} signal it, a wake-up (two context switches) per event, which on a busy machine
     * costs more than the request the event records. After {@link #IDLE_POLLS} empty polls it
     * blocks until the next event. It flushes whenever the queue is found empty, so a trace is
     * at most one poll interval behind the mount.
     */
    private void drain() {
        List<TraceEvent> batch = new ArrayList<>(BATCH);
        int idle = 0;
        try {
            while (true) {
                if (queue.drainTo(batch, BATCH) == 0) {
                    if (idle++ < IDLE_POLLS) {
                        LockSupport.parkNanos(POLL_NANOS);
                        continue;
                    }
                    batch.add(queue.take());
                    queue.drainTo(batch, BATCH - 1);
                }
                idle = 0;
                for (TraceEvent e : batch) {
                    if (e == END) {
                        json.flush();
                        return;
                    }
                    if (failure == null) {
                        TraceCodec.writeEvent(json, e);
                        json.writeRaw('\n');
                    }
                }
                batch.clear();
                if (queue.isEmpty()) {
                    json.flush();
                }
            }
        } catch (IOException e) {
            failure = e;
            // Keep draining so producers never block forever on a dead writer.
            drainAfterFailure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainAfterFailure() {
        try {
            while (queue.take() != END) {
                // discard: the trace is already cut and says so (no footer)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void putUninterruptibly(TraceEvent e) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(e);
                break;
            } catch (InterruptedException ie) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void joinUninterruptibly() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException ie) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The trace can no longer be written; the run must stop. */
    public static final class TraceWriteException extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        public TraceWriteException(IOException cause) {
            super("cannot write the trace: " + cause.getMessage(), cause);
        }
    }
}
