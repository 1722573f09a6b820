package depset.proc;

import depset.natives.BatchPolicy;
import depset.natives.Netlink;
import depset.fsops.ExactPaths;
import depset.trace.FileNames;
import depset.trace.Phase;
import depset.trace.ProcessEvent;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records fork, exec and exit of the processes of a run, from the kernel's process-events
 * connector, into a {@link TraceWriter}.
 *
 * <p>The connector reports every process on the machine; the monitor follows only the processes
 * it was told of and their descendants. A process that depset starts with {@link #spawn} is its
 * <em>launcher</em> (setpriv, nsenter: it enters the sandbox and forks the command), followed but
 * not recorded; the first of its descendants to execute a file is the command: a
 * {@link ProcessEvent.PhaseMark} mark names it, then its exec and every later fork, exec and exit of it
 * and its descendants are recorded. (That rule does not depend on reading {@code /proc/PID/exe} in
 * time: a command that execs again at once is still caught.) Executable paths are rewritten from the host's view
 * ({@code MOUNT/usr/bin/ls}) to the root's ({@code /usr/bin/ls}).
 *
 * <p>Threads: one reader thread owns the follow table; {@link #spawn} and the waits may be called
 * from any thread.
 */
public final class ProcessMonitor implements AutoCloseable {
    /** The phase and step a process started by {@link #spawn} belongs to. */
    public record Tag(Phase phase, String step) {
    }

    private static final int POLL_MILLIS = 100;
    private static final int JVM_PID = (int) ProcessHandle.current().pid();

    private final ProcConnector connector;
    private final TraceWriter writer;
    private final String mountPoint;
    private final Tag adoptExecsUnderMount;
    private final PrintStream diagnostics;
    private final Thread thread;
    private final List<ProcessListener> listeners = new CopyOnWriteArrayList<>();
    /** Followed processes by pid (tgid). */
    private final Map<Integer, Node> followed = new ConcurrentHashMap<>();
    /** Pids whose end the reader has seen, for {@link #awaitExit}; small: only waited-for pids stay. */
    private final Set<Integer> ended = ConcurrentHashMap.newKeySet();
    private final Set<Integer> forked = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private volatile Pending pending;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private boolean overflowReported;

    private static final class Node {
        /** The step, or null for plumbing that is never recorded (the sandbox's own init). */
        final Tag tag;
        /** The spawned process itself, whose execs are depset's own launcher. */
        final boolean launcher;
        volatile boolean recorded;

        Node(Tag tag, boolean launcher, boolean recorded) {
            this.tag = tag;
            this.launcher = launcher;
            this.recorded = recorded;
        }
    }

    private record Pending(int parentTid, Tag tag) {
    }

    private ProcessMonitor(ProcConnector connector, TraceWriter writer, Path mountPoint, Tag adoptExecsUnderMount,
                           PrintStream diagnostics) {
        this.connector = connector;
        this.writer = writer;
        this.mountPoint = ExactPaths.name(mountPoint.toAbsolutePath().normalize());
        this.adoptExecsUnderMount = adoptExecsUnderMount;
        this.diagnostics = diagnostics;
        this.thread = new Thread(this::read, "depset-process-monitor");
        thread.setDaemon(true);
    }

    /**
     * Starts listening: no event after this returns is missed. Processes of the run are those
     * started by {@link #spawn} that execute a file under {@code mountPoint}.
     */
    public static ProcessMonitor start(TraceWriter writer, Path mountPoint, PrintStream diagnostics)
            throws IOException {
        return start(writer, mountPoint, null, diagnostics);
    }

    /**
     * Like {@link #start(TraceWriter, Path, PrintStream)}; besides, when {@code adoptTag} is not null,
     * any process on the machine that executes a file under {@code mountPoint} becomes a process
     * of the run with that tag (for {@code depset mount}, where users start processes themselves).
     */
    public static ProcessMonitor start(TraceWriter writer, Path mountPoint, Tag adoptTag, PrintStream diagnostics)
            throws IOException {
        ProcessMonitor m = new ProcessMonitor(ProcConnector.listen(POLL_MILLIS), writer, mountPoint, adoptTag,
                diagnostics);
        // Warm the paths the reader takes, so that its first exec event is not read late.
        readExe(m.selfPid());
        readCmdline(m.selfPid());
        m.thread.setPriority(Thread.MAX_PRIORITY);
        m.thread.start();
        return m;
    }

    /** Adds a listener told of the forks and exits of followed processes. */
    public void addListener(ProcessListener listener) {
        listeners.add(listener);
    }

    /**
     * Starts {@code builder}'s process and follows it as the launcher of step {@code tag}: the first
     * of its descendants that executes a file is marked with the tag and recorded from then on.
     * With a null tag, nothing of the process tree is recorded (depset's own helpers). Returns once
     * the monitor follows the new process.
     *
     * <p>Spawns are serialised: the process is recognised by its fork event, which names the
     * thread that forked it.
     */
    public synchronized Process spawn(ProcessBuilder builder, Tag tag) throws IOException {
        int tid = currentTid();
        pending = new Pending(tid, tag);
        Process p;
        try {
            p = builder.start();
            int pid = (int) p.pid();
            if (!awaitIn(forked, pid, Duration.ofSeconds(5))) {
                // The fork event was lost (overflow): follow it from now on, late but not never.
                followed.putIfAbsent(pid, new Node(tag, true, false));
            }
            forked.clear();
        } finally {
            pending = null;
        }
        return p;
    }

    /** Waits until the monitor has seen process {@code pid} end; false on timeout. */
    public boolean awaitExit(int pid, Duration timeout) {
        boolean seen = awaitIn(ended, pid, timeout);
        ended.remove(pid);
        return seen;
    }

    /**
     * Waits until every event the kernel sent before this call has been recorded: starts a marker
     * process and waits for its end to come through the same socket, after all earlier events.
     */
    public void sync(Duration timeout) {
        try {
            Process marker = new ProcessBuilder("true").start();
            marker.waitFor();
            awaitExit((int) marker.pid(), timeout);
        } catch (IOException e) {
            sleep(POLL_MILLIS * 2L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int selfPid() {
        return JVM_PID;
    }

    /** The error that stopped recording (the trace could not be written), or null. */
    public RuntimeException failure() {
        return failure;
    }

    /** Stops listening. Idempotent. */
    @Override
    public void close() {
        running = false;
        // The reader sleeps in recv for up to POLL_MILLIS (100 ms, nearly always all of it: close
        // follows a sync, whose marker's end was the last event). A thread's start and end are
        // process events too: one wakes it at once.
        Thread wake = new Thread(() -> { }, "depset-monitor-wake");
        wake.start();
        boolean interrupted = false;
        try {
            wake.join();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        connector.close();
    }

    private void read() {
        // Its wake-ups (each fork, exec and exit of the traced program) then wait for the CPU
        // instead of preempting the traced program (BatchPolicy); it starts no process.
        BatchPolicy.enter();
        while (running) {
            List<KernelEvent> events;
            try {
                events = connector.receive();
            } catch (Netlink.Overflow o) {
                if (!overflowReported) {
                    overflowReported = true;
                    diagnostics.println("depset: warning: " + o.getMessage() + "; the process tree may be incomplete");
                }
                continue;
            } catch (IOException e) {
                diagnostics.println("depset: process monitor stopped: " + e.getMessage());
                return;
            }
            for (int i = 0; i < events.size(); i++) {
                KernelEvent e = events.get(i);
                try {
                    if (e instanceof KernelEvent.Exec x && execsAgain(events, i, x.pid())) {
                        // /proc already shows the later program: say "unknown" rather than something wrong.
                        onExec(x, false);
                        continue;
                    }
                    handle(e);
                } catch (TraceWriter.TraceWriteException w) {
                    failure = w;
                    running = false;
                    return;
                }
            }
        }
    }

    private void handle(KernelEvent e) {
        if (e instanceof KernelEvent.Fork f) {
            onFork(f);
        } else if (e instanceof KernelEvent.Exec x) {
            onExec(x, true);
        } else if (e instanceof KernelEvent.Exit x) {
            onExit(x);
        }
    }

    private void onFork(KernelEvent.Fork f) {
        if (f.isThread()) {
            Node n = followed.get(f.childPid());
            if (n != null) {
                if (n.recorded) {
                    // The kernel names the process's parent for a new thread; the thread's process is its "parent".
                    writer.record(seq -> new ProcessEvent.Fork(seq, System.nanoTime(), f.childPid(), f.childPid(),
                            f.childPid(), f.childTid()));
                }
                tell(l -> l.forked(f.childPid(), f.childTid()));
            }
            return;
        }
        Node parent = followed.get(f.parentPid());
        Node child;
        if (parent != null) {
            child = new Node(parent.tag, false, parent.recorded);
        } else {
            Pending p = pending;
            if (p == null || f.parentPid() != JVM_PID || f.parentTid() != p.parentTid()) {
                return;
            }
            child = new Node(p.tag(), true, false);
        }
        followed.put(f.childPid(), child);
        if (child.recorded) {
            writer.record(seq -> new ProcessEvent.Fork(seq, System.nanoTime(), f.parentPid(), f.parentTid(),
                    f.childPid(), f.childTid()));
        }
        tell(l -> l.forked(f.childPid(), f.childTid()));
        if (parent == null) {
            forked.add(f.childPid());
            wake();
        }
    }

    private static boolean execsAgain(List<KernelEvent> events, int from, int pid) {
        for (int j = from + 1; j < events.size(); j++) {
            if (events.get(j) instanceof KernelEvent.Exec later && later.pid() == pid) {
                return true;
            }
        }
        return false;
    }

    private void onExec(KernelEvent.Exec x, boolean readable) {
        Node n = followed.get(x.pid());
        if (n == null && (adoptExecsUnderMount == null || !readable)) {
            return;
        }
        // Read at once: the process may be gone a moment later (then both stay empty), or have
        // executed another program (a race the kernel's event does not let us close).
        String hostExe = readable ? readExe(x.pid()) : "";
        List<String> argv = readable ? readCmdline(x.pid()) : List.of();
        String exe = insideRoot(hostExe);
        if (n == null) {
            if (exe == null) {
                return;
            }
            n = new Node(adoptExecsUnderMount, false, false);
            followed.put(x.pid(), n);
        }
        if (!n.recorded) {
            if (n.tag == null || (n.launcher && exe == null)) {
                return; // depset's own plumbing executing a host tool
            }
            n.recorded = true;
            Tag tag = n.tag;
            writer.record(seq -> new ProcessEvent.PhaseMark(seq, System.nanoTime(), x.pid(), tag.phase(), tag.step()));
        }
        String recordedExe = exe == null ? hostExe : exe;
        writer.record(seq -> new ProcessEvent.Exec(seq, System.nanoTime(), x.pid(), x.tid(), recordedExe, argv));
    }

    private void onExit(KernelEvent.Exit x) {
        Node n = followed.get(x.pid());
        if (n != null) {
            if (n.recorded) {
                writer.record(seq -> new ProcessEvent.Exit(seq, System.nanoTime(), x.pid(), x.tid(), x.exitCode(),
                        x.signal()));
            }
            tell(l -> l.exited(x.pid(), x.tid()));
            if (x.pid() == x.tid()) {
                followed.remove(x.pid());
            }
        }
        if (x.pid() == x.tid()) {
            ended.add(x.pid());
            if (ended.size() > 4096) {
                ended.clear(); // nobody waited for those; keep the set small
                ended.add(x.pid());
            }
            wake();
        }
    }

    /** The path inside the root of a host path under the mount point, or null when outside it. */
    String insideRoot(String hostPath) {
        if (hostPath.isEmpty()) {
            return null;
        }
        if (hostPath.equals(mountPoint)) {
            return "/";
        }
        if (hostPath.startsWith(mountPoint) && hostPath.charAt(mountPoint.length()) == '/') {
            return hostPath.substring(mountPoint.length());
        }
        return null;
    }

    private static String readExe(int pid) {
        try {
            // The executable's exact bytes, as FileNames' string form (toString() would lose a
            // byte that is not UTF-8).
            String s = ExactPaths.name(Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "exe")));
            return s.endsWith(" (deleted)") ? s.substring(0, s.length() - 10) : s;
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static List<String> readCmdline(int pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < b.length; i++) {
                if (b[i] == 0) {
                    // Arguments are bytes like names: kept exactly (FileNames' string form).
                    args.add(FileNames.fromBytes(b, start, i - start));
                    start = i + 1;
                }
            }
            if (start < b.length) {
                args.add(FileNames.fromBytes(b, start, b.length - start));
            }
            return args;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The kernel's id of the calling thread (what a fork event names as parent). */
    static int currentTid() throws IOException {
        // "/proc/thread-self" links to "PID/task/TID".
        return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
    }

    private void tell(java.util.function.Consumer<ProcessListener> call) {
        for (ProcessListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                diagnostics.println("depset: process listener failed: " + e);
            }
        }
    }

    private boolean awaitIn(Set<Integer> set, int pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (signal) {
            while (!set.contains(pid)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.isAlive()) {
                    return false;
                }
                try {
                    signal.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
