package depset.graph;

import depset.trace.FileEvent;
import depset.trace.InodeEvent;
import depset.trace.Op;
import depset.trace.Phase;
import depset.trace.ProcessEvent;
import depset.trace.TraceEvent;
import depset.trace.TraceHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link DependencyGraph} from trace events, one {@link #accept} at a time.
 *
 * <p>Kept compact for traces of tens of millions of events: per-process and per-inode state lives
 * in the nodes, lookups go through boxing-free indexes, and all requests of one process on one
 * file are folded into one (process, file) aggregate that becomes a single {@link AccessEdge}.
 * Not thread-safe; one builder per trace.
 */
public final class GraphBuilder {
    private final List<ProcessNode> processes = new ArrayList<>();
    private final List<FileNode> files = new ArrayList<>();
    private ProcessNode[] byPid = new ProcessNode[1 << 15];
    private int[] tidToPid = new int[1 << 15];
    private final PairIndex inodes = new PairIndex(1 << 12);
    private final Map<String, FileNode> missing = new HashMap<>();
    /** The node each name leads to now (renames and unlinks move names). */
    private final Map<String, FileNode> names = new HashMap<>();
    /** Names the run itself made: a file reached by one of them did not have it in the source root. */
    private final Set<String> runMade = new HashSet<>();
    private PairTable pairs = new PairTable(1 << 12);
    /**
     * The node and name of the last file request: requests come in bursts on one file (lookup,
     * open, reads, release), and for a repeat neither the inode index nor the node's names need
     * to be consulted again: the node is the (dev, ino)'s until an inode event re-describes it,
     * and the name is already among its paths. Names are compared by identity (the reader
     * interns them), so a miss costs nothing but the normal path.
     */
    private FileNode lastFile;
    private String lastPath;
    private long events;
    /** Whether the trace can lack walks the kernel answered itself (see {@link #walked}). */
    private boolean impliesWalks;
    private boolean phases;
    private boolean built;

    /**
     * A builder for a trace with this header: when the kernel could cache directories' names while
     * it was recorded (the default, and {@code --fast}), a process that named a path is
     * taken to have walked the directories on it.
     */
    public static GraphBuilder forTrace(TraceHeader header) {
        GraphBuilder b = new GraphBuilder();
        b.impliesWalks = header != null && header.walksMayBeHidden();
        return b;
    }

    /** Reads one event. */
    public void accept(TraceEvent event) {
        if (built) {
            throw new IllegalStateException("graph already built");
        }
        events++;
        if (event instanceof FileEvent e) {
            file(e);
        } else if (event instanceof InodeEvent e) {
            inode(e);
        } else if (event instanceof ProcessEvent.Fork e) {
            fork(e);
        } else if (event instanceof ProcessEvent.Exec e) {
            ProcessNode p = current(e.pid(), e.time());
            // A process that exits at once is gone before the monitor reads /proc/PID/exe: its exec's
            // own open names the executable then, the same in every run.
            String exe = e.exe().isEmpty() && p.execOpened != null ? p.execOpened : e.exe();
            p.execOpened = null;
            p.execs.add(new ProcessNode.Exec(e.seq(), exe, e.argv()));
        } else if (event instanceof ProcessEvent.Exit e) {
            if (e.tid() == e.pid() || e.tid() == 0) {
                ProcessNode p = current(e.pid(), e.time());
                p.exited = true;
                p.exit = e.time();
                p.exitCode = e.exitCode();
                p.signal = e.signal();
            }
        } else if (event instanceof ProcessEvent.PhaseMark e) {
            ProcessNode p = current(e.pid(), e.time());
            p.phaseMark = e.phase();
            p.stepMark = e.step();
            phases = true;
        }
    }

    private void fork(ProcessEvent.Fork e) {
        if (e.isThread()) {
            setTid(e.childTid(), e.parentPid());
            return;
        }
        ProcessNode parent = current(e.parentPid(), e.time());
        ProcessNode child = pidSlot(e.childPid());
        // The child's first file requests can reach TraceFs before the connector's fork event:
        // a node that appeared that way is this child, not an older process.
        if (child == null || child.forkSeen || child.exited || child == parent) {
            child = newProcess(e.childPid(), e.time());
        }
        child.parent = parent;
        child.forkSeen = true;
        child.start = e.time();
        child.inheritedExe = parent.exe();
        child.inheritedArgv = parent.argv();
        setTid(e.childTid(), e.childPid());
    }

    private void inode(InodeEvent e) {
        lastFile = null;
        int id = inodes.get(e.dev(), e.ino());
        FileNode f = id < 0 ? null : files.get(id);
        if (f == null || f.described) {
            // A second description of a (dev, ino): the number was freed and reused by a new inode.
            f = newFile(e.dev(), e.ino());
            inodes.put(e.dev(), e.ino(), f.id());
        }
        f.described = true;
        f.type = e.type();
        f.mode = e.mode();
        f.uid = e.uid();
        f.gid = e.gid();
        f.size = e.size();
        f.nlink = e.nlink();
        f.mtime = e.mtime();
        f.target = e.target();
        f.created = e.created();
        if (e.created()) {
            runMade.add(e.path());
        }
        name(f, e.path());
    }

    private void file(FileEvent e) {
        int kinds = AccessKind.of(e);
        FileNode f;
        if (AccessKind.PROBE_MISSING.in(kinds)) {
            f = missing.get(e.path());
            if (f == null) {
                f = newFile(0, 0);
                f.missing = true;
                f.paths.add(e.path());
                missing.put(e.path(), f);
            }
        } else if (e.ino() != 0) {
            Op op = e.op();
            if (!e.failed() && (op == Op.CREATE || op == Op.MKDIR || op == Op.MKNOD || op == Op.SYMLINK)) {
                runMade.add(e.path());
            }
            f = lastFile;
            if (f == null || e.path() != lastPath || f.ino != e.ino() || f.dev != e.dev()) {
                f = inodeNode(e.dev(), e.ino());
                name(f, e.path());
                lastFile = f;
                lastPath = e.path();
            }
            if (!e.failed()) {
                names(e, f);
            }
        } else {
            return; // nothing to attach the request to (e.g. a release after the name went away)
        }
        int pid = e.pid() != 0 ? e.pid() : tidPid(e.tid());
        if (pid == 0 || kinds == 0) {
            return;
        }
        ProcessNode p = current(pid, e.time());
        if (p.uid < 0) {
            p.uid = e.uid();
        }
        if (AccessKind.EXEC.in(kinds) && !e.failed() && !isDynamicLoader(e.path())) {
            p.execOpened = e.path(); // the script's interpreter comes after the script, as /proc/PID/exe names it
        }
        pairs.add(p.id(), f.id(), kinds, e.seq());
        if (impliesWalks) {
            walked(p, e.path(), e.seq());
        }
    }

    /**
     * A process that named {@code path} walked each directory on it: the kernel resolved them for
     * it, but with directories' names cached it answered the walk through a directory another
     * process had looked up without asking TraceFs. Each directory the trace knows by that name is
     * recorded as looked up (stat) by the process; the root is everyone's and is left out. Only for
     * such traces: in the others every walk is in the trace, and a path named relative to a
     * working directory the process inherited was not walked by it.
     */
    private void walked(ProcessNode p, String path, long seq) {
        if (path == null) {
            return;
        }
        int end = path.lastIndexOf('/');
        String last = p.lastDirectory;
        if (end <= 0 || last != null && last.length() == end && path.startsWith(last)) {
            return; // in the root, or where this process's last request was
        }
        for (int i = end; i > 0; i = path.lastIndexOf('/', i - 1)) {
            FileNode d = names.get(path.substring(0, i));
            if (d != null && !d.missing) {
                pairs.imply(p.id(), d.id(), AccessKind.STAT.bit(), seq);
            }
        }
        p.lastDirectory = path.substring(0, end);
    }

    /**
     * The ELF interpreter (ld-linux-x86-64.so.2, ld64.so.1, ld.so.1 …), which the kernel opens for exec
     * after the program: never the process's executable.
     */
    public static boolean isDynamicLoader(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.startsWith("ld-") || name.startsWith("ld64.so") || name.startsWith("ld.so");
    }

    /** What the request did to names: rename and link add one, unlink drops one. */
    private void names(FileEvent e, FileNode f) {
        Op op = e.op();
        if ((op == Op.RENAME || op == Op.LINK) && e.path2() != null) {
            runMade.add(e.path2());
            if (op == Op.RENAME && names.get(e.path()) == f) {
                names.remove(e.path());
            }
            if (!f.paths.contains(e.path2())) {
                f.paths.add(e.path2());
            }
            names.put(e.path2(), f);
        } else if (op == Op.UNLINK || op == Op.RMDIR) {
            if (names.get(e.path()) == f) {
                names.remove(e.path());
            }
        }
    }

    private void name(FileNode f, String path) {
        if (f.lastName == path) {
            return;
        }
        f.lastName = path;
        List<String> paths = f.paths;
        for (int i = 0, n = paths.size(); i < n; i++) {
            if (paths.get(i).equals(path)) {
                return;
            }
        }
        paths.add(path);
        if (!f.created && !runMade.contains(path)) {
            f.sourcePaths.add(path);
        }
        names.put(path, f);
    }

    private FileNode inodeNode(long dev, long ino) {
        int id = inodes.get(dev, ino);
        if (id >= 0) {
            return files.get(id);
        }
        FileNode f = newFile(dev, ino);
        inodes.put(dev, ino, f.id());
        return f;
    }

    private FileNode newFile(long dev, long ino) {
        FileNode f = new FileNode(files.size(), dev, ino);
        files.add(f);
        return f;
    }

    /** The live process with this pid, created (as started before monitoring) when unknown. */
    private ProcessNode current(int pid, long time) {
        ProcessNode p = pidSlot(pid);
        if (p == null) {
            p = newProcess(pid, time);
        }
        return p;
    }

    private ProcessNode newProcess(int pid, long time) {
        ProcessNode p = new ProcessNode(processes.size(), pid);
        p.start = time;
        processes.add(p);
        if (pid >= byPid.length) {
            byPid = Arrays.copyOf(byPid, Math.max(pid + 1, byPid.length * 2));
        }
        byPid[pid] = p;
        return p;
    }

    private ProcessNode pidSlot(int pid) {
        if (pid < 0) {
            throw new IllegalArgumentException("negative pid " + pid);
        }
        return pid < byPid.length ? byPid[pid] : null;
    }

    private void setTid(int tid, int pid) {
        if (tid <= 0) {
            return;
        }
        if (tid >= tidToPid.length) {
            tidToPid = Arrays.copyOf(tidToPid, Math.max(tid + 1, tidToPid.length * 2));
        }
        tidToPid[tid] = pid;
    }

    private int tidPid(int tid) {
        return tid > 0 && tid < tidToPid.length ? tidToPid[tid] : 0;
    }

    /** Freezes what was read into a graph; the builder cannot be used afterwards. */
    public DependencyGraph build(TraceHeader header, TraceInfo info) {
        built = true;
        for (ProcessNode p : processes) {
            resolvePhase(p);
        }
        Map<String, FileNode> bySourcePath = new HashMap<>(files.size() * 2);
        for (FileNode f : files) {
            for (String s : f.sourcePaths) {
                bySourcePath.putIfAbsent(s, f);
            }
        }
        addImpliedDirectories(bySourcePath);
        processes.forEach(ProcessNode::freeze);
        files.forEach(FileNode::freeze);
        // Edges in the order of their first request, so that results do not depend on hashing.
        AccessEdge[] edges = new AccessEdge[pairs.size()];
        pairs.forEach((ordinal, process, file, kinds, count, first) ->
                edges[ordinal] = new AccessEdge(processes.get(process), files.get(file), kinds, count, first));
        pairs = null; // free the table before the graph allocates its arrays
        return new DependencyGraph(header, info, processes, files, java.util.Arrays.asList(edges), bySourcePath, missing,
                phases);
    }

    private void addImpliedDirectories(Map<String, FileNode> bySourcePath) {
        List<String> paths = new ArrayList<>(bySourcePath.keySet());
        for (String path : paths) {
            for (String dir = parentOf(path); dir != null && !bySourcePath.containsKey(dir); dir = parentOf(dir)) {
                FileNode d = newFile(0, 0);
                d.implied = true;
                d.type = depset.trace.FileType.DIRECTORY;
                d.mode = 0755;
                d.paths.add(dir);
                d.sourcePaths.add(dir);
                bySourcePath.put(dir, d);
            }
        }
    }

    /** The parent directory of an absolute path, null for "/". */
    public static String parentOf(String path) {
        if (path.length() <= 1) {
            return null;
        }
        int slash = path.lastIndexOf('/', path.endsWith("/") ? path.length() - 2 : path.length() - 1);
        if (slash < 0) {
            return null;
        }
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    private static void resolvePhase(ProcessNode p) {
        if (p.phase != null || p.step != null) {
            return;
        }
        // Walk up to the nearest marked or resolved ancestor; bounded in case of a bad parent loop.
        List<ProcessNode> chain = new ArrayList<>();
        ProcessNode q = p;
        Phase phase = null;
        String step = "";
        while (q != null && chain.size() < 100_000) {
            if (q.phaseMark != null) {
                phase = q.phaseMark;
                step = q.stepMark == null ? "" : q.stepMark;
                break;
            }
            if (q.step != null) {
                phase = q.phase;
                step = q.step;
                break;
            }
            chain.add(q);
            q = q.parent;
        }
        if (q != null && q.phaseMark != null) {
            q.phase = phase;
            q.step = step;
        }
        for (ProcessNode c : chain) {
            c.phase = phase;
            c.step = step;
        }
    }

    /** The number of events read. */
    public long events() {
        return events;
    }
}
