package depset.explain;

import depset.graph.AccessEdge;
import depset.graph.DependencyGraph;
import depset.graph.FileNode;
import depset.graph.ProcessNode;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestProcess;
import depset.manifest.Reason;
import depset.strategy.Analysis;
import depset.strategy.Selection;
import depset.strategy.Strategy;
import depset.strategy.StrategyRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Answers "why is this file in the set?" — the rule, the process, the chain of processes that
 * started it up to the run's root, and the operations — and "why not?", which needs the trace:
 * which strategy would have added the file, and why this one did not.
 */
public final class Why {
    private static final int MAX_ACCESSORS = 12;
    /** A chain of closure reasons longer than this is cut (real library chains are a few deep). */
    private static final int MAX_CHAIN = 32;

    private Why() {
    }

    /** The explanation of an entry of {@code manifest}, or null when {@code path} is not in it. */
    public static List<String> explainEntry(Manifest manifest, String path) {
        ManifestEntry e = manifest.entry(path);
        if (e == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        out.add(depset.trace.FileNames.printable(path) + " is in the " + manifest.strategy() + " set (" + e.type().name().toLowerCase(java.util.Locale.ROOT)
                + ", " + e.size() + " bytes" + (e.linkGroup() == null ? "" : ", hard-link group " + e.linkGroup()) + "):");
        for (Reason r : e.reasons()) {
            out.add("  rule " + r.rule() + (r.run() == null ? "" : " (run " + r.run() + ")"));
            if (r.pid() != 0) {
                out.add("    by " + processLine(manifest.process(r.pid()), r.pid(), r.exe())
                        + (r.operation() == null ? "" : ": " + r.operation()));
                out.addAll(chain(manifest, r.pid()));
            } else if (r.operation() != null) {
                out.add("    " + r.operation());
            }
            neededBy(manifest, r.from(), path, out);
        }
        return out;
    }

    /**
     * The chain of a closure's reason: the entry that needed the file, why that one is in the set
     * (its first reason), and so on until a reason the trace gave, with its process.
     */
    private static void neededBy(Manifest manifest, String from, String path, List<String> out) {
        Set<String> seen = new HashSet<>();
        seen.add(path);
        String indent = "    ";
        for (int depth = 0; from != null; depth++) {
            ManifestEntry e = manifest.entry(from);
            if (e == null || depth == MAX_CHAIN) {
                out.add(indent + "needed by " + from + (e == null ? " (not in the set)" : " …"));
                return;
            }
            if (!seen.add(from)) {
                out.add(indent + "needed by " + from + " (met before on this chain)");
                return;
            }
            Reason r = e.reasons().get(0);
            out.add(indent + "needed by " + from + ", in the set by rule " + r.rule()
                    + (r.operation() == null ? "" : ": " + r.operation()));
            if (r.pid() != 0) {
                out.add(indent + "  by " + processLine(manifest.process(r.pid()), r.pid(), r.exe()));
            }
            from = r.from();
            indent += "  ";
        }
    }

    private static List<String> chain(Manifest m, int pid) {
        List<String> out = new ArrayList<>();
        ManifestProcess p = m.process(pid);
        Set<Integer> seen = new HashSet<>();
        seen.add(pid);
        while (p != null && p.ppid() != 0 && seen.add(p.ppid())) {
            ManifestProcess parent = m.process(p.ppid());
            if (parent == null || (p.phase() != null && parent.phase() == null)) {
                out.add("      (" + p.pid() + " is the root of the run" + (p.phase() == null ? "" : ", phase " + p.phase().label())
                        + ")");
                return out;
            }
            out.add("      started by " + processLine(parent, parent.pid(), parent.exe()));
            p = parent;
        }
        if (p != null) {
            out.add("      (" + p.pid() + " is the root of the run" + (p.phase() == null ? "" : ", phase " + p.phase().label()) + ")");
        }
        return out;
    }

    private static String processLine(ManifestProcess p, int pid, String exe) {
        if (p == null) {
            return "process " + pid + " " + (exe == null ? "?" : depset.trace.FileNames.printable(exe));
        }
        return "process " + p.pid() + " " + (p.exe().isEmpty() ? "?" : depset.trace.FileNames.printable(p.exe()))
                + (p.argv().isEmpty() ? "" : " (" + depset.trace.FileNames.printable(String.join(" ", p.argv())) + ")")
                + (p.phase() == null ? "" : " [" + p.phase().label() + "]");
    }

    /**
     * Why {@code path} is not in {@code strategyName}'s set of {@code analysis}: which strategy
     * (in the registry's order) would have added it, with its reasons, and what kept it out of
     * this one.
     */
    public static List<String> explainAbsent(Analysis analysis, StrategyRegistry registry, String strategyName,
                                             String path) {
        List<String> out = new ArrayList<>();
        DependencyGraph g = analysis.graph();
        FileNode f = g.findFile(path);
        out.add(depset.trace.FileNames.printable(path) + " is not in the " + strategyName + " set.");
        if (f == null) {
            out.add("  No process of the trace reached it, so no strategy adds it.");
            return out;
        }
        if (f.missing()) {
            out.add("  It did not exist: it was only probed (a failed lookup), and a set never holds missing names.");
            accessors(g, analysis, f, out);
            return out;
        }
        if (f.created()) {
            out.add("  It was created during the run: files the run makes are never in a set (their directory is).");
            accessors(g, analysis, f, out);
            return out;
        }
        if (!analysis.eligible(f)) {
            out.add(g.header() != null && f.sourcePaths().stream().allMatch(g.header()::isSandboxMount)
                    ? "  The sandbox mounted a file system of its own on it: never in a set (every built tree has it)."
                    : "  It is below /proc, /sys or /dev, which the kernel provides: never in a set.");
            return out;
        }
        Strategy would = null;
        for (Strategy s : registry.all()) {
            if (analysis.select(s).contains(f)) {
                would = s;
                break;
            }
        }
        if (would == null) {
            boolean setup = true;
            for (AccessEdge a : g.accessesTo(f)) {
                setup &= !g.inRun(a.process());
            }
            out.add(setup && !g.accessesTo(f).isEmpty()
                    ? "  Only the tracer's own set-up touched it (processes outside every phase): no strategy adds it."
                    : "  No strategy adds it.");
            accessors(g, analysis, f, out);
            return out;
        }
        Selection sel = analysis.select(would);
        out.add("  The " + would.name() + " strategy would add it (" + would.description() + "):");
        for (Reason r : sel.reasons(f)) {
            out.add("    rule " + r.rule() + (r.pid() == 0 ? "" : ", process " + r.pid() + " "
                    + (r.exe() == null ? "?" : r.exe())) + (r.operation() == null ? "" : ": " + r.operation()));
        }
        out.add("  Not " + strategyName + ", because no process that touched it is one " + strategyName
                + " counts (important: " + String.join(", ", analysis.importantNames()) + "):");
        accessors(g, analysis, f, out);
        return out;
    }

    private static void accessors(DependencyGraph g, Analysis analysis, FileNode f, List<String> out) {
        Set<ProcessNode> tree = analysis.importantTree();
        int n = 0;
        for (AccessEdge a : g.accessesTo(f)) {
            if (n++ == MAX_ACCESSORS) {
                out.add("    … and " + (g.accessesTo(f).size() - MAX_ACCESSORS) + " more");
                break;
            }
            ProcessNode p = a.process();
            String where = !g.inRun(p) ? "the tracer's set-up, outside every phase"
                    : tree.contains(p) ? "in the important tree"
                    : "phase " + p.phase() + ", not an important process, descendant or ancestor";
            out.add("    " + p.label() + " (" + where + "): " + a.kinds());
        }
    }
}
