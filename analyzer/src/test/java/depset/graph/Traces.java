package depset.graph;

import depset.trace.FileEvent;
import depset.trace.FileType;
import depset.trace.InodeEvent;
import depset.trace.Op;
import depset.trace.OpenFlags;
import depset.trace.Phase;
import depset.trace.ProcessEvent;
import depset.trace.TraceEvent;
import depset.trace.TraceHeader;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds small traces for tests, the way TraceFs and the process monitor would record them: an
 * inode event before the first request that reaches an inode, sequence numbers in order.
 */
public final class Traces {
    public static final TraceHeader HEADER = new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, "/srv/root",
            "2026-01-01T00:00:00Z", "box", "test", List.of("/bin/sh", "-c", "ls /"));
    private static final long DEV = 2049;

    private final List<TraceEvent> events = new ArrayList<>();
    private final Map<String, Long> inodes = new HashMap<>();
    private long seq;
    private long nextIno = 100;

    public List<TraceEvent> events() {
        return List.copyOf(events);
    }

    private long next() {
        return ++seq;
    }

    public Traces fork(int parent, int child) {
        events.add(new ProcessEvent.Fork(next(), seq, parent, parent, child, child));
        return this;
    }

    public Traces thread(int pid, int tid) {
        events.add(new ProcessEvent.Fork(next(), seq, pid, pid, pid, tid));
        return this;
    }

    public Traces exec(int pid, String exe, String... argv) {
        events.add(new ProcessEvent.Exec(next(), seq, pid, pid, exe, List.of(argv)));
        return this;
    }

    public Traces exit(int pid, int code) {
        events.add(new ProcessEvent.Exit(next(), seq, pid, pid, code, 0));
        return this;
    }

    public Traces phase(int pid, Phase phase, String step) {
        events.add(new ProcessEvent.PhaseMark(next(), seq, pid, phase, step));
        return this;
    }

    /** Declares a directory (its inode event comes with the first request). */
    public Traces dir(String path) {
        return inode(path, FileType.DIRECTORY, null, false);
    }

    public Traces symlink(String path, String target) {
        return inode(path, FileType.SYMLINK, target, false);
    }

    private Traces inode(String path, FileType type, String target, boolean created) {
        long ino = nextIno++;
        inodes.put(path, ino);
        events.add(new InodeEvent(next(), seq, DEV, ino, path, type, type == FileType.FILE ? 0644 : 0755, 0, 0,
                target != null ? target.length() : type == FileType.DIRECTORY ? 4096 : 1000, 1, 1_000_000_000L, target,
                created));
        return this;
    }

    private long ino(String path) {
        Long ino = inodes.get(path);
        if (ino == null) {
            inode(path, FileType.FILE, null, false);
            ino = inodes.get(path);
        }
        return ino;
    }

    /** A successful request of {@code pid} on an existing {@code path} (a regular file unless declared). */
    public Traces op(int pid, Op op, String path) {
        return op(pid, op, path, 0);
    }

    public Traces op(int pid, Op op, String path, int flags) {
        long ino = ino(path);
        events.add(new FileEvent(next(), seq, op, path, null, DEV, ino, pid, pid, 0, 0, flags, 0));
        return this;
    }

    /** A getattr whose caller's process TraceFs could not resolve: only the thread id is known. */
    public Traces statFromThread(int tid, String path) {
        long ino = ino(path);
        events.add(new FileEvent(next(), seq, Op.GETATTR, path, null, DEV, ino, tid, 0, 0, 0, 0, 0));
        return this;
    }

    public Traces stat(int pid, String path) {
        return op(pid, Op.GETATTR, path);
    }

    public Traces read(int pid, String path) {
        op(pid, Op.OPEN, path, 0);
        return op(pid, Op.READ, path);
    }

    public Traces write(int pid, String path) {
        op(pid, Op.OPEN, path, OpenFlags.WRONLY);
        return op(pid, Op.WRITE, path);
    }

    /** The kernel opening {@code path} to execute it (an execve, or the loader / interpreter). */
    public Traces execOpen(int pid, String path) {
        return op(pid, Op.OPEN, path, OpenFlags.EXEC);
    }

    /** A failed lookup: the name does not exist. */
    public Traces probe(int pid, String path) {
        events.add(new FileEvent(next(), seq, Op.GETATTR, path, null, 0, 0, pid, pid, 0, 0, 0, 2));
        return this;
    }

    /** {@code pid} creates a new regular file (or directory) at {@code path}. */
    public Traces create(int pid, String path, boolean directory) {
        inode(path, directory ? FileType.DIRECTORY : FileType.FILE, null, true);
        events.add(new FileEvent(next(), seq, directory ? Op.MKDIR : Op.CREATE, path, null, DEV, inodes.get(path), pid,
                pid, 0, 0, directory ? 0755 : OpenFlags.WRONLY | OpenFlags.CREAT, 0));
        return this;
    }

    /** {@code pid} removes {@code path}; a later create of the name makes a new inode. */
    public Traces unlink(int pid, String path) {
        long ino = ino(path);
        events.add(new FileEvent(next(), seq, Op.UNLINK, path, null, DEV, ino, pid, pid, 0, 0, 0, 0));
        inodes.remove(path);
        return this;
    }

    public Traces rename(int pid, String from, String to) {
        long ino = ino(from);
        events.add(new FileEvent(next(), seq, Op.RENAME, from, to, DEV, ino, pid, pid, 0, 0, 0, 0));
        inodes.remove(from);
        inodes.put(to, ino);
        return this;
    }

    /** A hard link {@code to} of the existing file {@code from}, as it stood in the source root. */
    public Traces sameInode(String from, String to) {
        inodes.put(to, ino(from));
        return this;
    }

    /** A graph of the events so far, as if read from a whole trace. */
    public DependencyGraph graph() {
        return graph(HEADER);
    }

    /** The graph as the analysis builds it for a trace with {@code header}. */
    public DependencyGraph graph(TraceHeader header) {
        GraphBuilder b = GraphBuilder.forTrace(header);
        events.forEach(b::accept);
        return b.build(header, new TraceInfo("test", true, events.size(), null));
    }

    /** Writes the trace; without footer it reads as cut. */
    public Path write(Path file, boolean footer) throws IOException {
        TraceWriter w = TraceWriter.create(file, HEADER);
        for (TraceEvent e : events) {
            w.record(s -> reseq(e, s));
        }
        if (footer) {
            w.finish(0);
        } else {
            w.close();
        }
        return file;
    }

    private static TraceEvent reseq(TraceEvent e, long s) {
        if (e.seq() != s) {
            throw new IllegalStateException("events out of order");
        }
        return e;
    }
}
