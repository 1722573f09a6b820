package depset.sandbox;

import depset.fs.MountOptions;
import depset.fs.TraceMount;
import depset.fs.WarmUp;
import depset.natives.BatchPolicy;
import depset.proc.ProcessMonitor;
import depset.trace.Op;
import depset.trace.TraceFooter;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An open sandbox: the traced mount, the process monitor and the pid namespace the steps run in.
 * Made by {@link Sandbox#open}; {@link #run} runs steps one after another; {@link #close} ends it
 * and finishes the trace. {@link #abort} may be called from any thread (a signal handler).
 *
 * <p>Not {@link AutoCloseable} because {@link #close()} returns the trace's footer: close it in a
 * {@code finally}. (Should depset die before, its private mount namespace takes every mount with it.)
 */
public final class SandboxSession {
    private final SandboxSpec spec;
    private final TraceWriter writer;
    private final RootLayers layers;
    private final ProcessMonitor monitor;
    private final TraceMount traceMount;
    private final ExecutorService launcher;
    private final GuestInit init;
    private final long initPid;
    private final Set<Process> steps = ConcurrentHashMap.newKeySet();
    private volatile int abortSignal;
    private volatile boolean traceFailed;
    private int lastStatus = -1;
    private boolean closed;
    private TraceFooter footer;

    private SandboxSession(SandboxSpec spec, TraceWriter writer, RootLayers layers, ProcessMonitor monitor,
                           TraceMount traceMount, ExecutorService launcher, GuestInit init) {
        this.spec = spec;
        this.writer = writer;
        this.layers = layers;
        this.monitor = monitor;
        this.traceMount = traceMount;
        this.launcher = launcher;
        this.init = init;
        this.initPid = init.pid();
    }

    static SandboxSession open(SandboxSpec spec) throws SandboxException, IOException {
        PrintStream diag = spec.diagnostics();
        // The guest's init mounts only GuestEnvironment's file systems on the root's directories: the
        // trace names them (no set holds them) and the kernel may cache every directory's lookup.
        MountOptions options = spec.mountOptions().rootMountPoints(GuestEnvironment.STANDARD.rootMountPoints());
        TraceWriter writer;
        try {
            writer = TraceWriter.create(spec.trace(), spec.traceHeader().withSandboxMounts(
                    options.rootMountPoints().stream().map(name -> "/" + name).toList()), BatchPolicy::enter);
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.BAD_INPUT, "cannot write the trace " + spec.trace() + ": "
                    + e.getMessage(), e);
        }
        // Beside the set-up, which never sees its mount (WarmUp); it ends before the guest's init starts.
        WarmUp warmUp = spec.warmUpRounds() > 0 ? WarmUp.start(spec.warmUpRounds(), spec.mountOptions().ioUring()) : null;
        List<AutoCloseable> undo = new ArrayList<>();
        // The thread that starts the sandbox's processes lives as long as the session: a
        // parent-death signal fires when the forking *thread* ends.
        ExecutorService launcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "depset-sandbox-launcher");
            t.setDaemon(true);
            return t;
        });
        try {
            RootLayers layers = RootLayers.mount(spec.root(), spec.writable(), diag);
            undo.add(layers);
            ProcessMonitor monitor = ProcessMonitor.start(writer, layers.mountPoint(), diag);
            undo.add(monitor);
            TraceMount mount = mountTraceFs(layers, writer, monitor, options);
            undo.add(mount);
            if (warmUp != null) {
                // Before the init, which holds the mount: the JVM's exit (Ctrl-C) while it waits
                // then ends the mount at once.
                awaitWarmUp(warmUp);
            }
            GuestInit init = call(launcher, () -> startInit(layers.mountPoint(), spec.netns(), spec.hostname()));
            undo.add(init);
            undo.clear();
            SandboxSession session = new SandboxSession(spec, writer, layers, monitor, mount, launcher, init);
            session.watchTrace();
            return session;
        } catch (SandboxException | IOException | RuntimeException e) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                closeQuietly(undo.get(i));
            }
            launcher.shutdownNow();
            writer.close();
            if (warmUp != null) {
                warmUp.stop();
            }
            throw e;
        }
    }

    private static void awaitWarmUp(WarmUp warmUp) throws SandboxException {
        try {
            warmUp.awaitEnd();
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.FAILED, "cannot warm TraceFs up: " + e.getMessage(), e);
        }
    }

    private static TraceMount mountTraceFs(RootLayers layers, TraceWriter writer, ProcessMonitor monitor,
                                           MountOptions options) throws SandboxException {
        try {
            return TraceMount.mount(layers.merged(), layers.mountPoint(), writer, options,
                    CallerTracking.follow(monitor));
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.ENVIRONMENT, "cannot mount TraceFs: " + e.getMessage(), e);
        }
    }

    /**
     * The guest's pid 1, in {@link GuestEnvironment#STANDARD}: the environment a plain run of the
     * guest has too, so that a set that works there works as traced.
     */
    private static GuestInit startInit(Path mountPoint, Path netns, String hostname) throws SandboxException {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "--"));
        argv.addAll(GuestEnvironment.STANDARD.hostname(hostname).init(mountPoint, netns, false, List.of(), List.of()));
        try {
            return GuestInit.start(argv, "the sandbox's namespaces");
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.FAILED, e.getMessage(), e);
        }
    }

    /** The traced root as the host sees it (the TraceFs mount point). */
    public Path mountPoint() {
        return layers.mountPoint();
    }

    /** The backing tree under TraceFs (overlay merged directory); reading it records nothing. */
    public Path backing() {
        return layers.merged();
    }

    /** Mount points below the source root that could not be layered (also said on the diagnostics stream). */
    public List<String> leftOut() {
        return layers.leftOut();
    }

    /** The trace being written (to add events of one's own). */
    public TraceWriter trace() {
        return writer;
    }

    /**
     * Requests TraceFs served so far, counted by TraceFs apart from the trace writer: after
     * {@link #close}, every one of them must be a file event in the trace (no event lost).
     */
    public long requestsServed() {
        return traceMount.requestsServed();
    }

    /** {@link #requestsServed()} by kind, the busiest first (see {@link TraceMount#requestsByOp()}). */
    public Map<Op, Long> requestsByOp() {
        return traceMount.requestsByOp();
    }

    /** Where the requests came from (see {@link TraceMount#ringSummary()}). */
    public String ringSummary() {
        return traceMount.ringSummary();
    }

    /** How open files' reads and writes were served (see {@link TraceMount#passthroughSummary()}). */
    public String passthroughSummary() {
        return traceMount.passthroughSummary();
    }

    /** Requests served after the trace writer failed, so not in the trace (0 unless writing it failed). */
    public long requestsUnrecorded() {
        return traceMount.requestsUnrecorded();
    }

    /** The process monitor (to add listeners). */
    public ProcessMonitor monitor() {
        return monitor;
    }

    /**
     * Runs one step and waits for its first process to end (processes it leaves behind keep
     * running until {@link #close}).
     *
     * @return the exit status, 128+signal when killed, 137 after a timeout; 128+signal of the
     *         signal given to {@link #abort} when the session was aborted
     * @throws SandboxException {@code NOT_FOUND} / {@code NOT_EXECUTABLE} when the command is not
     *                          an executable inside the root (nothing is run), {@code BAD_INPUT}
     *                          for a working directory that is not a directory inside the root,
     *                          {@code FAILED} when the step cannot be started
     */
    public int run(StepSpec step) throws SandboxException {
        if (abortSignal != 0) {
            return 128 + abortSignal;
        }
        Process p = spawn(step);
        steps.add(p);
        int status;
        try {
            status = waitFor(p, step.timeout());
        } finally {
            steps.remove(p);
        }
        // The step's exit events come through the connector after its end: wait for them, so
        // that they precede the next step's events in the trace.
        monitor.sync(Duration.ofSeconds(2));
        synchronized (this) {
            lastStatus = status;
        }
        return abortSignal != 0 ? 128 + abortSignal : status;
    }

    /**
     * Starts one step without waiting for it: a daemon, which runs until it ends, is stopped through
     * the returned process's descendants, or the session closes. The process is the {@code nsenter}
     * that entered the guest; it ends with the step's exit status (128+signal when killed).
     *
     * @throws SandboxException as {@link #run} does, and {@code FAILED} after {@link #abort}
     */
    public Process start(StepSpec step) throws SandboxException {
        if (abortSignal != 0) {
            throw new SandboxException(SandboxException.Kind.FAILED, "the sandbox was stopped by signal " + abortSignal);
        }
        Process p = spawn(step);
        steps.add(p);
        p.onExit().thenRun(() -> steps.remove(p));
        return p;
    }

    private Process spawn(StepSpec step) throws SandboxException {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the sandbox is closed");
            }
        }
        Sandbox.requireCommand(layers.merged(), step);
        Path wd = CommandResolver.follow(layers.merged(), step.workdir());
        if (wd == null || !Files.isDirectory(wd, LinkOption.NOFOLLOW_LINKS)) {
            throw new SandboxException(SandboxException.Kind.BAD_INPUT, "working directory " + step.workdir()
                    + " is not a directory in " + spec.root());
        }
        ProcessBuilder pb = new ProcessBuilder(command(step));
        if (step.env() != null) {
            pb.environment().clear();
            pb.environment().putAll(step.env());
        }
        pb.environment().remove(PrivateNamespace.PARENT_NS);
        pb.redirectInput(step.stdin()).redirectOutput(step.stdout()).redirectError(step.stderr());
        ProcessMonitor.Tag tag = new ProcessMonitor.Tag(step.phase(), step.step());
        try {
            return call(launcher, () -> monitor.spawn(pb, tag));
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.FAILED, "cannot start " + step.argv().get(0) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Where the machine reads the guest's file {@code guestPath} (symlinks followed as inside the
     * guest) without the trace recording it: the backing tree, or for what the guest's init mounted
     * (a pid file in /run), that mount as the guest's mount namespace has it. Null when the guest has
     * no such file.
     */
    public Path outside(String guestPath) {
        Path inNamespace = Path.of("/proc/" + initPid + "/root" + layers.mountPoint());
        return CommandResolver.follow(rel -> {
            String top = "/" + (rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : rel);
            boolean mounted = GuestEnvironment.STANDARD.mounts().stream().anyMatch(m -> m.target().equals(top));
            return depset.fsops.ExactPaths.resolve(mounted ? inNamespace : layers.merged(), rel);
        }, guestPath);
    }

    /**
     * Stops the run as soon as the trace cannot be written (its disk is full): the requests
     * served from then on could not be recorded, so the set would be wrong; better no run than
     * a run whose trace silently lacks events. The step then ends with 128+SIGKILL and
     * {@link #close} reports the trace as incomplete.
     */
    private void watchTrace() {
        Thread t = new Thread(() -> {
            while (true) {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                }
                if (writer.failure() != null) {
                    traceFailed = true;
                    abort(9);
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "depset-trace-watch");
        t.setDaemon(true);
        t.start();
    }

    /** True when the run was stopped because the trace could not be written. */
    public boolean traceFailed() {
        return traceFailed;
    }

    private List<String> command(StepSpec step) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "--"));
        cmd.addAll(GuestEnvironment.STANDARD.enter(initPid, layers.mountPoint(), step.workdir(), step.netns()));
        if (step.gid() >= 0) {
            cmd.addAll(List.of("--setgid", Integer.toString(step.gid())));
        }
        if (step.uid() >= 0) {
            cmd.addAll(List.of("--setuid", Integer.toString(step.uid())));
        }
        cmd.add("--");
        cmd.addAll(step.argv());
        return cmd;
    }

    private static int waitFor(Process p, Duration timeout) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (timeout == null) {
                        return p.waitFor();
                    }
                    if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        return p.exitValue();
                    }
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor();
                    return 137;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Ends the session at once because depset got {@code signal}: kills every process in the
     * namespace; the step being run returns 128+signal. Cleanup stays with {@link #close}.
     * Safe from any thread.
     */
    public void abort(int signal) {
        abortSignal = signal;
        init.kill();
        for (Process p : steps) {
            p.destroyForcibly();
        }
    }

    /** The signal given to {@link #abort}, or 0. */
    public int abortSignal() {
        return abortSignal;
    }

    /**
     * Ends the session with the exit status of the last step (or 128+signal after
     * {@link #abort}).
     */
    public TraceFooter close() throws SandboxException {
        int status;
        synchronized (this) {
            status = lastStatus;
        }
        return close(abortSignal != 0 ? 128 + abortSignal : status);
    }

    /**
     * Ends every process left in the namespace, unmounts everything, and finishes the trace with
     * {@code exitStatus} in its footer. Idempotent: later calls return the same footer.
     *
     * @return the footer, or null when the trace could not be written to the end (it reads as cut)
     * @throws SandboxException {@code FAILED} when the trace could not be written
     */
    public synchronized TraceFooter close(int exitStatus) throws SandboxException {
        if (closed) {
            return footer;
        }
        closed = true;
        // EOF on its stdin ends the init; the kernel then kills the rest of the namespace.
        init.close();
        monitor.awaitExit((int) initPid, Duration.ofSeconds(2));
        monitor.sync(Duration.ofSeconds(2));
        monitor.close();
        launcher.shutdownNow();
        traceMount.close();
        layers.close();
        RuntimeException lost = monitor.failure();
        try {
            footer = writer.finish(exitStatus);
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.FAILED, "cannot write the trace " + spec.trace() + ": "
                    + e.getMessage() + "; the run was stopped and the trace is incomplete (no footer)", e);
        }
        if (lost != null) {
            throw new SandboxException(SandboxException.Kind.FAILED, lost.getMessage(), lost);
        }
        return footer;
    }

    private static <T> T call(ExecutorService on, Callable<T> task) throws IOException {
        try {
            return on.submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // best effort: the private namespace drops whatever stays when depset ends
        }
    }
}
