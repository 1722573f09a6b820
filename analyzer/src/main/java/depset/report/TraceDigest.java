package depset.report;

import depset.trace.FileEvent;
import depset.trace.Op;
import depset.trace.ProcessEvent;
import depset.trace.TraceEvent;
import depset.trace.TraceHeader;
import depset.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * What the report shows of a trace, in one streaming pass: the process tree (fork parents, what each
 * process exec'd, its phase and exit), what each process touched (distinct paths with the operations
 * done on them), and the failed lookups (names asked for that did not exist). Small enough to hold
 * for a trace of millions of events: one node per process and one map entry per distinct path of each
 * process, not one object per event.
 */
public final class TraceDigest {
    /** Bit of {@link Touch#ops()} for a failed request on the path. */
    public static final long FAILED = 1L << 62;
    /** Bit for an exec's open. */
    public static final long EXEC = 1L << 61;

    private final TraceHeader header;
    private final boolean complete;
    private final long events;
    private final List<Proc> processes;
    private final Map<String, FailedLookup> failed;

    private TraceDigest(TraceHeader header, boolean complete, long events, List<Proc> processes,
                        Map<String, FailedLookup> failed) {
        this.header = header;
        this.complete = complete;
        this.events = events;
        this.processes = processes;
        this.failed = failed;
    }

    /**
     * One process of the run. A pid the kernel reuses after an exit gives a second node.
     *
     * @param id     its index in {@link #processes()}
     * @param parent the parent's index, -1 for a process whose parent the trace does not show
     */
    public static final class Proc {
        private final int id;
        private final int pid;
        private final int parent;
        private String exe = "";
        private List<String> argv = List.of();
        private String phase;
        private Integer exitCode;
        private final List<Integer> children = new ArrayList<>();
        private final Map<String, Long> touched = new LinkedHashMap<>();

        Proc(int id, int pid, int parent) {
            this.id = id;
            this.pid = pid;
            this.parent = parent;
        }

        public int id() {
            return id;
        }

        public int pid() {
            return pid;
        }

        public int parent() {
            return parent;
        }

        /** The last executable it exec'd, "" when none was recorded (a fork that never exec'd). */
        public String exe() {
            return exe;
        }

        public List<String> argv() {
            return argv;
        }

        /** "boot", "work", "halt", "run", inherited from the nearest marked ancestor; null when unmarked. */
        public String phase() {
            return phase;
        }

        /** The exit code (or 128 + signal), null when the trace saw no exit. */
        public Integer exitCode() {
            return exitCode;
        }

        public List<Integer> children() {
            return Collections.unmodifiableList(children);
        }

        /** Path → operation bits ({@code 1L << Op.ordinal()}, {@link #FAILED}, {@link #EXEC}), in first-touch order. */
        public Map<String, Long> touched() {
            return Collections.unmodifiableMap(touched);
        }
    }

    /**
     * A name that was looked up and did not exist (or could not be reached).
     *
     * @param path     the path
     * @param errno    the error of its first failure (2 = ENOENT)
     * @param count    how many failed requests named it
     * @param firstPid the process of the first failure
     */
    public record FailedLookup(String path, int errno, int count, int firstPid) {
    }

    /** Reads a whole trace; {@code progress} is told the number of events read every 65,536 events. */
    public static TraceDigest read(Path trace, LongConsumer progress) throws IOException {
        try (TraceReader r = TraceReader.open(trace)) {
            return read(r, progress);
        }
    }

    public static TraceDigest read(TraceReader r, LongConsumer progress) {
        List<Proc> procs = new ArrayList<>();
        Map<Integer, Proc> live = new HashMap<>();
        Map<String, int[]> failed = new TreeMap<>(); // path → {errno, count, firstPid}
        long n = 0;
        for (TraceEvent e : r) {
            if ((++n & 0xffff) == 0) {
                progress.accept(n);
            }
            if (e instanceof ProcessEvent.Fork f) {
                if (f.isThread()) {
                    continue;
                }
                Proc parent = live.get(f.parentPid());
                Proc p = new Proc(procs.size(), f.childPid(), parent == null ? -1 : parent.id);
                p.phase = parent == null ? null : parent.phase;
                procs.add(p);
                live.put(f.childPid(), p);
                if (parent != null) {
                    parent.children.add(p.id);
                }
            } else if (e instanceof ProcessEvent.Exec x) {
                Proc p = procOf(x.pid(), live, procs);
                if (!x.exe().isEmpty()) {
                    p.exe = x.exe();
                }
                p.argv = x.argv();
            } else if (e instanceof ProcessEvent.Exit x) {
                Proc p = live.get(x.pid());
                if (p != null && x.tid() == x.pid()) {
                    p.exitCode = x.signal() != 0 ? 128 + x.signal() : x.exitCode();
                }
            } else if (e instanceof ProcessEvent.Phase ph) {
                procOf(ph.pid(), live, procs).phase = ph.phase();
            } else if (e instanceof FileEvent f) {
                if (f.pid() == 0 || f.op() == Op.RELEASE || f.op() == Op.RELEASEDIR || f.op() == Op.FLUSH) {
                    continue; // sent on nobody's behalf, or the end of an open already recorded
                }
                Proc p = procOf(f.pid(), live, procs);
                long bits = 1L << f.op().ordinal();
                if (f.isExec()) {
                    bits |= EXEC;
                }
                if (f.failed()) {
                    bits |= FAILED;
                    int[] fl = failed.get(f.path());
                    if (fl == null) {
                        failed.put(f.path(), new int[] {f.result(), 1, f.pid()});
                    } else {
                        fl[1]++;
                    }
                }
                p.touched.merge(f.path(), bits, (a, b) -> a | b);
            }
        }
        progress.accept(n);
        Map<String, FailedLookup> lookups = new LinkedHashMap<>();
        failed.forEach((path, v) -> lookups.put(path, new FailedLookup(path, v[0], v[1], v[2])));
        return new TraceDigest(r.header(), r.isComplete(), n, Collections.unmodifiableList(procs),
                Collections.unmodifiableMap(lookups));
    }

    /** A process the trace shows acting before any fork of it was seen (the first command, or a cut start). */
    private static Proc procOf(int pid, Map<Integer, Proc> live, List<Proc> procs) {
        Proc p = live.get(pid);
        if (p == null) {
            p = new Proc(procs.size(), pid, -1);
            procs.add(p);
            live.put(pid, p);
        }
        return p;
    }

    public TraceHeader header() {
        return header;
    }

    /** True when the trace ended with its footer. */
    public boolean complete() {
        return complete;
    }

    public long events() {
        return events;
    }

    public List<Proc> processes() {
        return processes;
    }

    /** Failed lookups by path, sorted. */
    public Map<String, FailedLookup> failedLookups() {
        return failed;
    }

    /** The names of the operation bits, for the report's legend. */
    public static List<String> opNames() {
        List<String> out = new ArrayList<>();
        for (Op op : Op.values()) {
            out.add(op.wireName());
        }
        return out;
    }
}
