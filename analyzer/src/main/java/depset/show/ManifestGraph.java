package depset.show;

import depset.graph.DependencyGraph;
import depset.graph.GraphBuilder;
import depset.graph.TraceInfo;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestProcess;
import depset.manifest.Reason;
import depset.trace.FileEvent;
import depset.trace.InodeEvent;
import depset.trace.Op;
import depset.trace.OpenFlags;
import depset.trace.ProcessEvent;
import depset.trace.TraceHeader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deployment set seen as a dependency graph, so that {@code depset show} runs the analyzer's own
 * queries on a set as on a trace: the set's process table becomes forks and execs, each entry an inode,
 * and each reason that names a process an access of that kind. Replayed through {@link GraphBuilder}
 * rather than built by hand, so the graph is exactly what a trace of those accesses would give.
 */
public final class ManifestGraph {
    private ManifestGraph() {
    }

    public static DependencyGraph of(Manifest m) {
        GraphBuilder b = new GraphBuilder();
        long[] seq = {0};
        Map<Integer, ManifestProcess> byPid = new HashMap<>();
        for (ManifestProcess p : m.processes()) {
            byPid.put(p.pid(), p);
        }
        // Parents before children, whatever the pids.
        Set<Integer> done = new HashSet<>();
        for (ManifestProcess p : m.processes()) {
            replayProcess(p, byPid, done, b, seq);
        }
        long ino = 1;
        for (ManifestEntry e : m.entries()) {
            long thisIno = ino++;
            b.accept(new InodeEvent(++seq[0], seq[0], 1, thisIno, e.path(), e.type(), e.mode(), e.uid(), e.gid(),
                    e.size(), 1, e.mtime(), e.target(), false));
            for (Reason r : e.reasons()) {
                if (r.pid() == 0) {
                    continue;
                }
                if (!done.contains(r.pid())) {
                    replayProcess(new ManifestProcess(r.pid(), 0, r.exe(), List.of(), null), byPid, done, b, seq);
                }
                String op = r.operation() == null ? "" : r.operation();
                Op fuseOp = switch (op) {
                    case "exec", "open", "read", "write" -> Op.OPEN;
                    case "readlink" -> Op.READLINK;
                    case "readdir" -> Op.READDIR;
                    case "access" -> Op.ACCESS;
                    default -> Op.GETATTR;
                };
                int flags = op.equals("exec") ? OpenFlags.EXEC : 0;
                b.accept(new FileEvent(++seq[0], seq[0], fuseOp, e.path(), null, 1, thisIno, r.pid(), r.pid(), 0, 0,
                        flags, 0));
            }
        }
        TraceHeader header = new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, m.sourceRoot(), "", "",
                "", m.command());
        return b.build(header, new TraceInfo("set", true, seq[0], null));
    }

    private static void replayProcess(ManifestProcess p, Map<Integer, ManifestProcess> byPid, Set<Integer> done,
                                      GraphBuilder b, long[] seq) {
        if (!done.add(p.pid())) {
            return;
        }
        ManifestProcess parent = byPid.get(p.ppid());
        if (parent != null) {
            replayProcess(parent, byPid, done, b, seq);
            b.accept(new ProcessEvent.Fork(++seq[0], seq[0], p.ppid(), p.ppid(), p.pid(), p.pid()));
        }
        if (p.phase() != null && (parent == null || p.phase() != parent.phase())) {
            b.accept(new ProcessEvent.PhaseMark(++seq[0], seq[0], p.pid(), p.phase(), ""));
        }
        if (p.exe() != null && !p.exe().isEmpty()) {
            b.accept(new ProcessEvent.Exec(++seq[0], seq[0], p.pid(), p.pid(), p.exe(), p.argv()));
        }
    }
}
