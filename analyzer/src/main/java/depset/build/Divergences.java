package depset.build;

import depset.graph.AccessEdge;
import depset.graph.AccessKind;
import depset.graph.DependencyGraph;
import depset.graph.FileNode;
import depset.graph.ProcessNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds where a reduced run diverged from the original one. A process of the reduced run diverges
 * at a path when its counterpart ({@link ProcessMatching}) found the path in the original run
 * and the set lacks it, and either the process looked the path up in vain, or it listed the
 * path's directory (a program that opens only what a listing showed, as Python's importer does,
 * never looks up what the listing lacked), or a child of the counterpart never ran its program in
 * the reduced run (no counterpart, or its exec failed) and found the path: a shell whose command
 * was not found, or a script that stopped early, went another way from there on, and its whole
 * original tree is what it needs. Never at the run's runtime state (what the original run
 * created, deleted or renamed itself) nor below /proc, /sys, /dev and /run.
 */
public final class Divergences {
    private Divergences() {
    }

    /** The divergences of {@code reduced}, by process in trace order, then by path. */
    public static List<Divergence> find(OriginalRun original, DependencyGraph reduced, Predicate<String> inSet) {
        ProcessMatching matching = ProcessMatching.of(original.graph(), reduced);
        Map<ProcessNode, ProcessNode> reducedOf = new IdentityHashMap<>();
        for (ProcessNode r : reduced.processes()) {
            matching.counterpart(r).ifPresent(o -> reducedOf.put(o, r));
        }
        DependencyGraph g = original.graph();
        List<Divergence> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ProcessNode r : reduced.processes()) {
            Optional<ProcessNode> o = matching.counterpart(r);
            if (o.isEmpty()) {
                continue;
            }
            for (ProcessNode child : g.children(o.get())) {
                ProcessNode rc = reducedOf.get(child);
                if (!g.inRun(child) || child.isPhaseRoot()
                        || (rc != null && rc.execs().size() >= child.execs().size())) {
                    continue;
                }
                for (String path : new java.util.TreeSet<>(original.foundBy(child))) {
                    if (wanted(original, path, inSet)) {
                        if (seen.add(r.id() + "\0" + path)) {
                            out.add(new Divergence(r, o.get(), path, "child"));
                        }
                        break;
                    }
                }
            }
            for (AccessEdge a : reduced.accessesBy(r)) {
                FileNode f = a.file();
                if (f.missing()) {
                    String path = f.path();
                    if (wanted(original, path, inSet) && original.found(o.get(), path)
                            && seen.add(r.id() + "\0" + path)) {
                        out.add(new Divergence(r, o.get(), path, "lookup"));
                    }
                } else if (a.has(AccessKind.READDIR)) {
                    for (String path : original.foundIn(o.get(), f.path())) {
                        if (wanted(original, path, inSet) && seen.add(r.id() + "\0" + path)) {
                            out.add(new Divergence(r, o.get(), path, "readdir"));
                        }
                    }
                }
            }
        }
        out.sort(Comparator.comparingInt((Divergence d) -> d.reduced().id()).thenComparing(Divergence::path));
        return out;
    }

    private static boolean wanted(OriginalRun original, String path, Predicate<String> inSet) {
        return !MissingFiles.kernel(path) && EntryPath.unsafe(path) == null && !original.runtimeState(path)
                && !inSet.test(path);
    }
}
