package depset.strategy;

import depset.graph.AccessEdge;
import depset.graph.AccessKind;
import depset.graph.DependencyGraph;
import depset.graph.FileNode;
import depset.graph.GraphBuilder;
import depset.graph.ProcessNode;
import depset.manifest.Reason;
import depset.query.SymlinkWalks;
import depset.trace.FileType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The rules every deployment set shares, applied after a strategy's own:
 * <ul>
 * <li>{@value #CREATED_IN}: the nearest existing directory in which a process of the run created
 * a file (the file itself never goes: it did not exist in the source root), and
 * {@value #WRITTEN_IN}: the directory of a file it wrote — a service that cannot create its log
 * file fails;</li>
 * <li>{@value #SYMLINK_TARGET}: what a chosen symlink points to, when the trace saw it;</li>
 * <li>{@value #PARENT_DIRECTORY}: every directory on the path of a chosen file, and
 * {@value #SYMLINK_ON_PATH} for a symlink met there;</li>
 * <li>{@value #SYMLINK_WALKED}: a symlink a process of the run resolved on its way to a chosen file
 * (the loader's {@code libpam.so.0} on the way to {@code libpam.so.0.85.1}, {@code /usr/bin/python3}
 * on the way to {@code python3.11}, the links of {@code /etc/alternatives}, {@code /lib} on the way
 * to {@code /usr/lib}), whatever request resolved it ({@link SymlinkWalks}).</li>
 * </ul>
 * The exclusions (created files, failed probes, anything below /proc, /sys, /dev, files only the
 * set-up touched) hold because only {@link Analysis#eligible eligible} files are ever added.
 */
public final class SetCompletion {
    public static final String CREATED_IN = "created-in";
    public static final String WRITTEN_IN = "written-in";
    public static final String SYMLINK_TARGET = "symlink-target";
    public static final String PARENT_DIRECTORY = "parent-directory";
    public static final String SYMLINK_ON_PATH = "symlink-on-path";
    public static final String SYMLINK_WALKED = "symlink-walked";

    private SetCompletion() {
    }

    /** A directory every set keeps, and why. */
    record DirectoryNeed(FileNode directory, Reason reason) {
    }

    /** The directories in which processes of the run created or wrote files. */
    static List<DirectoryNeed> directoryNeeds(Analysis analysis) {
        DependencyGraph g = analysis.graph();
        List<DirectoryNeed> out = new ArrayList<>();
        for (ProcessNode p : g.processes()) {
            if (!g.inRun(p)) {
                continue;
            }
            for (AccessEdge a : g.accessesBy(p)) {
                FileNode f = a.file();
                if (f.created() && !f.missing()) {
                    for (String path : f.paths()) {
                        FileNode dir = existingAncestor(g, analysis, path);
                        if (dir != null) {
                            out.add(new DirectoryNeed(dir, Analysis.reason(CREATED_IN, p, "create " + path)));
                        }
                    }
                } else if (a.has(AccessKind.WRITE) && analysis.eligible(f)) {
                    for (String path : analysis.eligiblePaths(f)) {
                        FileNode dir = existingAncestor(g, analysis, path);
                        if (dir != null) {
                            out.add(new DirectoryNeed(dir, Analysis.reason(WRITTEN_IN, p, "write " + path)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Completes {@code selection} in place and returns it. */
    public static Selection complete(Selection selection, Analysis analysis) {
        DependencyGraph g = analysis.graph();
        Deque<FileNode> work = new ArrayDeque<>(selection.files());
        for (DirectoryNeed need : analysis.directoryNeeds()) {
            if (selection.add(need.directory(), need.reason())) {
                work.add(need.directory());
            }
        }
        while (!work.isEmpty()) {
            FileNode f = work.poll();
            Reason first = selection.firstReason(f);
            for (SymlinkWalks.Walk w : analysis.walksTo(f)) {
                if (analysis.eligible(w.link()) && !selection.full(w.link(), SYMLINK_WALKED)
                        && selection.add(w.link(), Analysis.reason(SYMLINK_WALKED, w.process(), "resolve " + w.path()))) {
                    work.add(w.link());
                }
            }
            if (f.type() == FileType.SYMLINK && f.target() != null) {
                for (String path : analysis.eligiblePaths(f)) {
                    FileNode t = g.fileAt(resolve(path, f.target()));
                    if (t != null && analysis.eligible(t)
                            && selection.add(t, derived(SYMLINK_TARGET, first, "readlink " + path))) {
                        work.add(t);
                    }
                }
            }
            for (String path : analysis.eligiblePaths(f)) {
                addParents(selection, analysis, path, first, work);
            }
        }
        return selection;
    }

    private static void addParents(Selection selection, Analysis analysis, String path, Reason first,
                                   Deque<FileNode> work) {
        String child = path;
        for (String dir = GraphBuilder.parentOf(path); dir != null; child = dir, dir = GraphBuilder.parentOf(dir)) {
            FileNode d = analysis.graph().fileAt(dir);
            if (d == null || !analysis.eligible(d)) {
                return;
            }
            if (selection.hasRule(d, PARENT_DIRECTORY) || selection.hasRule(d, SYMLINK_ON_PATH)) {
                return; // its own parents were added when it got this reason
            }
            String rule = d.type() == FileType.SYMLINK ? SYMLINK_ON_PATH : PARENT_DIRECTORY;
            boolean fresh = selection.add(d, derived(rule, first, "lookup " + child));
            if (fresh || d.type() == FileType.SYMLINK) {
                work.add(d);
            }
        }
    }

    /** A reason for a file that comes with another: same process, the other file as operation. */
    private static Reason derived(String rule, Reason from, String operation) {
        return new Reason(rule, from.pid(), from.exe(), operation);
    }

    /** The nearest directory above {@code path} that existed in the source root, or null. */
    private static FileNode existingAncestor(DependencyGraph g, Analysis analysis, String path) {
        for (String dir = GraphBuilder.parentOf(path); dir != null; dir = GraphBuilder.parentOf(dir)) {
            FileNode d = g.fileAt(dir);
            if (d != null && analysis.eligible(d)) {
                return d;
            }
        }
        return null;
    }

    /** Resolves a symlink's target against the symlink's directory, lexically ("..", "."). */
    static String resolve(String linkPath, String target) {
        return SymlinkWalks.resolve(linkPath, target);
    }
}
