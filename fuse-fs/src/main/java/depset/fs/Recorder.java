package depset.fs;

import depset.trace.FileEvent;
import depset.trace.FileNames;
import depset.trace.FileType;
import depset.trace.InodeEvent;
import depset.trace.Op;
import depset.trace.TraceWriter;
import depset.trace.TraceWriter.TraceWriteException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns served requests into trace events: one {@link FileEvent} per request, preceded by one
 * {@link InodeEvent} the first time a backing inode is reached (and whenever a request creates
 * one: an inode number the run frees and reuses then reads as the new file it is).
 *
 * <p>Thread-safe. When the trace can no longer be written the requests are still served (the
 * writer reports the failure and the trace reads as cut); {@link #unrecorded()} counts them.
 */
final class Recorder {
    private final TraceWriter writer;
    private final CallerResolver callers;
    private final InodeSet described = new InodeSet();
    private final LongAdder unrecorded = new LongAdder();

    Recorder(TraceWriter writer, CallerResolver callers) {
        this.writer = writer;
        this.callers = callers;
    }

    /** Records one request; {@code result} is 0 or the positive errno. */
    void file(Op op, String path, String path2, long ino, long dev, int tid, int uid, int gid, int flags, int result) {
        int pid = callers.pidOf(tid);
        // TraceFs works on byte strings; the trace holds the exact string form of the names.
        String p = path == null ? "" : FileNames.fromNative(path);
        String p2 = FileNames.fromNative(path2);
        try {
            writer.record(seq -> new FileEvent(seq, System.nanoTime(), op, p, p2, dev, ino, tid, pid, uid, gid,
                    flags, result));
        } catch (TraceWriteException e) {
            unrecorded.increment();
        }
    }

    /** True when the inode still needs its description (cheap; no allocation). */
    boolean isNew(long dev, long ino) {
        return ino != 0 && !described.contains(dev, ino);
    }

    /**
     * Describes an inode unless it already is (or always, for one the request created). Must
     * come before the request's own {@link #file} call.
     */
    void inode(long dev, long ino, String path, Meta meta, boolean created) {
        if (ino == 0) {
            return;
        }
        described.addAndThen(dev, ino, created, () -> {
            try {
                writer.record(seq -> new InodeEvent(seq, System.nanoTime(), dev, ino, FileNames.fromNative(path),
                        meta.type(), meta.mode() & 07777, meta.uid(), meta.gid(), meta.size(), meta.nlink(),
                        meta.mtime(), FileNames.fromNative(meta.target()), created));
            } catch (TraceWriteException e) {
                unrecorded.increment();
            }
        });
    }

    long unrecorded() {
        return unrecorded.sum();
    }

    /** An inode's metadata as TraceFs read it from the backing tree. */
    record Meta(FileType type, int mode, int uid, int gid, long size, long nlink, long mtime, String target) {
        Meta {
            if (type == null) {
                type = FileType.FILE; // an S_IFMT the trace has no name for; never seen on Linux
            }
        }
    }
}
