package depset.strategy;

import depset.graph.AccessEdge;
import depset.graph.AccessKind;
import depset.graph.DependencyGraph;
import depset.graph.FileNode;
import depset.graph.ProcessNode;
import depset.trace.Phase;

/**
 * {@code execd}: system, plus every file any process of the run exec'd (binaries, the ELF loader
 * and {@code #!} interpreters, which the kernel opens with {@code __FMODE_EXEC}), and what the
 * loader pulled in for an exec'd program: the shared objects ({@code *.so}, {@code *.so.N}) and
 * {@code /etc/ld.so.cache} it opened. Except the service scripts the start-up phase exec'd (files
 * under {@code /etc}, such as {@code /etc/init.d/*}): they belong to system, not to every program.
 */
public final class ExecdStrategy extends CumulativeStrategy {
    public static final String NAME = "execd";
    public static final String RULE_EXEC = "execd: exec'd by a process of the run";
    public static final String RULE_LOADER = "execd: loaded for an exec'd program";

    public ExecdStrategy(Strategy base) {
        super(NAME, base, "system + every file exec'd by a process of the run and the libraries its loader opened");
    }

    @Override
    public void extend(Selection selection, Analysis analysis) {
        DependencyGraph g = analysis.graph();
        for (ProcessNode p : processesInRun(g)) {
            boolean bootScripts = p.phase() == Phase.BOOT;
            boolean execd = !p.execs().isEmpty();
            for (AccessEdge a : g.accessesBy(p)) {
                FileNode f = a.file();
                if (!analysis.eligible(f)) {
                    continue;
                }
                if (a.has(AccessKind.EXEC)) {
                    execd = true;
                    if (!(bootScripts && isServiceScript(f)) && !selection.full(f, RULE_EXEC)) {
                        selection.add(f, Analysis.reason(RULE_EXEC, p, a.kinds()));
                    }
                }
            }
            for (ProcessNode.Exec x : p.execs()) {
                FileNode f = g.fileAt(x.exe());
                if (f != null && !f.implied() && analysis.eligible(f) && !(bootScripts && x.exe().startsWith("/etc/"))) {
                    selection.add(f, Analysis.reason(RULE_EXEC, p, "exec"));
                }
            }
            if (!execd) {
                continue;
            }
            for (AccessEdge a : g.accessesBy(p)) {
                FileNode f = a.file();
                if ((a.has(AccessKind.OPEN) || a.has(AccessKind.READ)) && analysis.loadedByLoader(f)
                        && analysis.eligible(f) && !selection.full(f, RULE_LOADER)) {
                    selection.add(f, Analysis.reason(RULE_LOADER, p, a.kinds()));
                }
            }
        }
    }

    private static boolean isServiceScript(FileNode f) {
        for (String path : f.sourcePaths()) {
            if (path.startsWith("/etc/")) {
                return true;
            }
        }
        return false;
    }

    /** True for what the dynamic loader opens: shared objects and its cache. */
    public static boolean isLoaded(FileNode f) {
        for (String path : f.sourcePaths()) {
            int slash = path.lastIndexOf('/');
            String name = path.substring(slash + 1);
            if (name.endsWith(".so") || name.contains(".so.") || path.equals("/etc/ld.so.cache")) {
                return true;
            }
        }
        return false;
    }
}
