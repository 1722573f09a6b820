package depset.sandbox;

import depset.fs.TraceMount;
import depset.fs.WarmUp;
import depset.natives.BatchPolicy;
import depset.proc.ProcessMonitor;
import depset.trace.Phase;
import depset.trace.TraceFooter;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * {@code depset mount}: the source root layered and traced at a mount point of the caller's own
 * mount namespace, for users who chroot into it themselves. Any process that executes a file
 * under the mount point becomes a process of the run (phase "run", step "mount"), with its
 * descendants. Unlike {@link SandboxSession}, these mounts outlive a killed depset; the next
 * depset that mounts removes them ({@link StaleMounts}).
 */
public final class MountSession {
    private static final long POLL_MILLIS = 300;

    private final SandboxSpec spec;
    private final Path mountPoint;
    private final TraceWriter writer;
    private final RootLayers layers;
    private final ProcessMonitor monitor;
    private final TraceMount traceMount;
    private TraceFooter footer;
    private boolean closed;

    private MountSession(SandboxSpec spec, Path mountPoint, TraceWriter writer, RootLayers layers,
                         ProcessMonitor monitor, TraceMount traceMount) {
        this.spec = spec;
        this.mountPoint = mountPoint;
        this.writer = writer;
        this.layers = layers;
        this.monitor = monitor;
        this.traceMount = traceMount;
    }

    /**
     * Mounts {@code spec.root()} at {@code mountPoint}, traced.
     *
     * @throws SandboxException {@code ENVIRONMENT} (not root, no FUSE, mount point in use),
     *                          {@code BAD_INPUT} (source, mount point or trace unusable)
     */
    public static MountSession open(SandboxSpec spec, Path mountPoint) throws SandboxException {
        Path mp = mountPoint.toAbsolutePath().normalize();
        Sandbox.check(spec);
        if (!Files.isDirectory(mp)) {
            throw new SandboxException(SandboxException.Kind.BAD_INPUT, "mount point " + mp
                    + (Files.exists(mp) ? " is not a directory" : " does not exist"));
        }
        try {
            if (MountTable.isMountPoint(mp)) {
                throw new SandboxException(SandboxException.Kind.ENVIRONMENT, "mount point " + mp
                        + " is in use (something is mounted there)");
            }
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.ENVIRONMENT, "cannot read the mount table: " + e.getMessage());
        }
        if (spec.warmUpRounds() > 0) {
            // In a namespace of its own, so the user's never sees its mount; before the layers,
            // which live in the user's namespace: a Ctrl-C meanwhile leaves nothing mounted there.
            try {
                WarmUp.start(spec.warmUpRounds(), spec.mountOptions().ioUring()).awaitEnd();
            } catch (IOException e) {
                throw new SandboxException(SandboxException.Kind.FAILED, "cannot warm TraceFs up: " + e.getMessage(), e);
            }
        }
        TraceWriter writer;
        try {
            writer = TraceWriter.create(spec.trace(), spec.traceHeader(), BatchPolicy::enter);
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.BAD_INPUT, "cannot write the trace " + spec.trace() + ": "
                    + e.getMessage(), e);
        }
        RootLayers layers = null;
        ProcessMonitor monitor = null;
        try {
            layers = RootLayers.mount(spec.root(), spec.writable(), spec.diagnostics());
            monitor = ProcessMonitor.start(writer, mp, new ProcessMonitor.Tag(Phase.RUN, "mount"), spec.diagnostics());
            TraceMount mount;
            try {
                mount = TraceMount.mount(layers.merged(), mp, writer, spec.mountOptions(), CallerTracking.follow(monitor));
            } catch (IOException e) {
                throw new SandboxException(SandboxException.Kind.ENVIRONMENT, "cannot mount TraceFs at " + mp + ": "
                        + e.getMessage(), e);
            }
            return new MountSession(spec, mp, writer, layers, monitor, mount);
        } catch (SandboxException | IOException | RuntimeException e) {
            if (monitor != null) {
                monitor.close();
            }
            if (layers != null) {
                layers.close();
            }
            closeQuietly(writer);
            if (e instanceof SandboxException s) {
                throw s;
            }
            throw new SandboxException(SandboxException.Kind.FAILED, String.valueOf(e.getMessage()), e);
        }
    }

    /** The traced mount point. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** Blocks until the mount point is unmounted from outside or {@code stop} says so. */
    public void awaitEnd(BooleanSupplier stop) {
        while (!stop.getAsBoolean()) {
            try {
                if (!MountTable.isMountPoint(mountPoint)) {
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Unmounts everything and finishes the trace (exit status -1: no command). Idempotent. */
    public synchronized TraceFooter close() throws SandboxException {
        if (closed) {
            return footer;
        }
        closed = true;
        monitor.sync(Duration.ofSeconds(2));
        monitor.close();
        traceMount.close();
        layers.close();
        try {
            footer = writer.finish(-1);
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.FAILED, "cannot write the trace " + spec.trace() + ": "
                    + e.getMessage(), e);
        }
        return footer;
    }

    private static void closeQuietly(TraceWriter w) {
        try {
            w.close();
        } catch (IOException e) {
            // the trace reads as cut
        }
    }
}
