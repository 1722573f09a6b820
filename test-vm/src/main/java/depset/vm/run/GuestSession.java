package depset.vm.run;

import depset.trace.Phase;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A root tree made ready to run a sequence in, alive until closed: its own mount and pid
 * namespaces with the kernel file systems and a fresh {@code /run} mounted, the guest's network
 * namespace joined, and the root itself never written (writes land in a scratch layer). Processes a
 * step leaves running (the services a boot step starts) stay until the session closes. A session
 * that traces records each step's first process with its phase.
 */
public interface GuestSession extends AutoCloseable {
    /**
     * Runs {@code argv} chrooted into the root as step {@code step} of {@code phase}, and waits for it.
     *
     * @param in      its stdin (a file, or a terminal's slave)
     * @param out     its stdout and stderr (a file opened for appending, or a terminal's slave)
     * @param timeout how long it may run before it and its descendants are killed; null for no limit
     * @return its exit status; 137 when it was killed at its timeout
     */
    int run(Phase phase, String step, List<String> argv, Redirect in, Redirect out, Duration timeout)
            throws IOException;

    /**
     * Starts {@code argv} as {@link #run} does, without waiting: a daemon. The returned process is the
     * machine's side of the step (it ends with the step's exit status, 128+signal when killed); the
     * daemon is its descendants.
     */
    Process start(Phase phase, String step, List<String> argv, Redirect out) throws IOException;

    /**
     * Where the machine reads the guest's file {@code guestPath} (symlinks followed as inside the
     * guest) without the guest, or a trace, seeing it; empty when the guest has no such file.
     */
    Optional<Path> outside(String guestPath);

    /** Ends every process of the session and drops its namespaces and mounts. Idempotent. */
    @Override
    void close();
}
