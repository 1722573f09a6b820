package depset.manifest;

import depset.trace.Phase;
import java.util.List;

/**
 * A process named by the reasons of a manifest, or an ancestor of one, so that {@code depset why}
 * can print the chain that started it without the trace.
 *
 * @param pid   process id (as the trace saw it)
 * @param ppid  parent's pid, 0 when it started before monitoring
 * @param exe   executable, "" when unknown
 * @param argv  arguments
 * @param phase the phase it ran in, null outside every phase (written as its label, "run" …)
 */
public record ManifestProcess(int pid, int ppid, String exe, List<String> argv, Phase phase) {
    public ManifestProcess {
        exe = exe == null ? "" : exe;
        argv = argv == null ? List.of() : List.copyOf(argv);
    }
}
