package depset.strategy;

import depset.graph.AccessEdge;
import depset.graph.AccessKind;
import depset.graph.DependencyGraph;
import depset.graph.FileNode;
import depset.graph.ProcessNode;
import depset.trace.Phase;

/**
 * {@code system}: strict, plus every file touched by the processes of the start-up and shut-down
 * phases ("boot" and "halt" of a test sequence, with their descendants; none on a plain run), and
 * by processes of the run with no binary in the root (their executable is neither a file of the
 * trace nor exec'd from it: kernel helpers, programs started from outside the chroot).
 */
public final class SystemStrategy extends CumulativeStrategy {
    public static final String NAME = "system";
    public static final String RULE_PHASE = "system: touched by a start-up or shut-down process";
    public static final String RULE_NO_BINARY = "system: touched by a process with no binary in the root";

    public SystemStrategy(Strategy base) {
        super(NAME, base, "strict + what the boot and halt phases touched + processes with no binary in the root");
    }

    @Override
    public void extend(Selection selection, Analysis analysis) {
        DependencyGraph g = analysis.graph();
        for (ProcessNode p : processesInRun(g)) {
            if (p.phase() == Phase.BOOT || p.phase() == Phase.HALT) {
                analysis.addTouched(selection, p, RULE_PHASE);
            } else if (hasNoBinary(g, p)) {
                analysis.addTouched(selection, p, RULE_NO_BINARY);
            }
        }
    }

    /** True when nothing in the trace shows the process's executable inside the root. */
    static boolean hasNoBinary(DependencyGraph g, ProcessNode p) {
        for (AccessEdge a : g.accessesBy(p)) {
            if (a.has(AccessKind.EXEC)) {
                return false;
            }
        }
        String exe = p.exe();
        if (exe.isEmpty()) {
            return true;
        }
        FileNode f = g.fileAt(exe);
        return f == null || f.implied();
    }
}
