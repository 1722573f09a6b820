package depset.vm.run;

import depset.vm.sequence.Phase;
import java.io.IOException;
import java.util.List;

/**
 * A root tree made ready to run a sequence in: its own mount, pid and network namespaces with the
 * kernel file systems mounted, alive until closed. Steps start inside it; a session that traces
 * records each step's process with its phase.
 */
public interface GuestSession extends AutoCloseable {
    /**
     * Starts {@code argv} chrooted into the root, as step {@code step} of {@code phase}: stdin and
     * stdout piped, stderr merged into stdout; on a pseudo-terminal when {@code terminal}.
     */
    Process start(Phase phase, String step, List<String> argv, boolean terminal) throws IOException;

    /** A process (as the machine numbers it) inside the guest's network namespace, to link a visitor to. */
    long networkNamespacePid();

    /** Ends every process of the session and drops its namespaces and mounts. Idempotent. */
    @Override
    void close();
}
