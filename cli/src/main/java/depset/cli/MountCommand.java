package depset.cli;

import depset.fs.WarmUp;
import depset.sandbox.MountSession;
import depset.sandbox.SandboxException;
import depset.sandbox.SandboxSpec;
import depset.sandbox.SignalRelay;
import depset.sandbox.StaleMounts;
import depset.trace.TraceFooter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depset mount}: a traced view of the source root at a mount point, in the foreground. */
@Command(name = "mount", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Mounts a traced view of SRC at MOUNTPOINT and records every access until it is"
                + " unmounted (umount MOUNTPOINT) or depset is stopped (Ctrl-C).",
                "Processes that execute a file under MOUNTPOINT (e.g. chroot MOUNTPOINT sh) are recorded with"
                + " their descendants. SRC is never modified (writes go to a scratch layer) unless --writable."})
final class MountCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SRC", description = "the source root")
    Path root;

    @Parameters(index = "1", paramLabel = "MOUNTPOINT", description = "an empty directory to mount on")
    Path mountPoint;

    @Option(names = "--trace", required = true, paramLabel = "FILE", description = "the trace to write (.gz compresses)")
    Path trace;

    @Option(names = "--writable", description = "write through to SRC instead of a scratch layer")
    boolean writable;

    @Mixin
    CacheFlags cache;

    @Mixin
    WarmUpOption warmUp;

    /** The warm-up's rounds: the long warm-up by default, before the mount shows. */
    int warmUpRounds() {
        return warmUp.rounds(WarmUp.LONG_ROUNDS);
    }

    @Override
    public Integer call() throws Exception {
        int warmUpRounds = warmUpRounds();
        StaleMounts.clean(System.err);
        SandboxSpec spec = SandboxSpec.of(root, trace).writable(writable).warmUp(warmUpRounds).version(Main.version())
                .mountOptions(cache.mountOptions());
        MountSession session;
        try {
            session = MountSession.open(spec, mountPoint);
        } catch (SandboxException e) {
            throw SandboxErrors.forMount(e);
        }
        AtomicInteger signal = new AtomicInteger();
        SignalRelay signals = SignalRelay.handle(signal::set);
        depset.fs.ExitCleanup onExit = depset.fs.ExitCleanup.register("depset-mount-cleanup", () -> {
            try {
                session.close();
            } catch (SandboxException e) {
                System.err.println("depset: " + e.getMessage());
            }
        });
        System.err.println("depset: tracing " + spec.root() + " at " + session.mountPoint() + " into " + spec.trace()
                + "; stop with Ctrl-C or umount " + session.mountPoint());
        TraceFooter footer;
        try {
            session.awaitEnd(() -> signal.get() != 0);
        } finally {
            try {
                footer = session.close();
            } finally {
                signals.close();
                onExit.close();
            }
        }
        if (footer == null) {
            throw new DepsetException(ExitCode.INCOMPLETE_TRACE, "the trace " + spec.trace() + " could not be completed");
        }
        System.err.println("depset: " + footer.events() + " events in " + spec.trace());
        return ExitCode.OK; // stopping with Ctrl-C is the normal end
    }
}
