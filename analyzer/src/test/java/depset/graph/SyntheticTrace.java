package depset.graph;

import depset.trace.FileEvent;
import depset.trace.FileType;
import depset.trace.InodeEvent;
import depset.trace.Op;
import depset.trace.Phase;
import depset.trace.ProcessEvent;
import depset.trace.TraceFooter;
import depset.trace.TraceHeader;
import depset.trace.TraceWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a big synthetic trace for the big-trace benchmark ({@code bench/bigtrace.sh}), through
 * the real {@link TraceWriter} so that it is in the exact format depset writes.
 *
 * <p>Its shape is a long-running service's: a root process (the "work" phase) forks worker
 * processes one after another (pids reused once they wrap); each worker touches a working set
 * of files again and again, as a web server's workers do: mostly a shared hot set of library and
 * data files, a few others from a tree of 50,000 (a deployment set of tens of thousands of
 * files, as real ones are); getattr on most requests, open, read, release. Every inode is described the first time it is reached. Fixed seed: same arguments,
 * same trace.
 *
 * <pre>java -cp cli/target/depset.jar:analyzer/target/test-classes depset.graph.SyntheticTrace EVENTS FILE</pre>
 */
public final class SyntheticTrace {
    private static final int ROOT = 100;
    private static final int FILES = 50_000;
    private static final int HOT = 20_000;
    private static final int WORKING_SET = 200;
    private static final int EVENTS_PER_WORKER = 5_000;
    private static final long DEV = 42;

    private SyntheticTrace() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SyntheticTrace EVENTS FILE");
            System.exit(2);
        }
        long events = Long.parseLong(args[0]);
        Path out = Path.of(args[1]);
        long t0 = System.nanoTime();
        TraceHeader header = new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, "/synthetic", "2026-01-01T00:00:00Z",
                "bench", "bench", List.of("synthetic", Long.toString(events)));
        boolean[] described = new boolean[FILES];
        String[] paths = new String[FILES];
        for (int i = 0; i < FILES; i++) {
            paths[i] = "/srv/tree/d" + (i / 1000) + "/pkg" + (i % 97) + "/file-" + i + (i % 3 == 0 ? ".so" : ".php");
        }
        SplittableRandom random = new SplittableRandom(1);
        int[] set = new int[WORKING_SET];
        try (TraceWriter w = TraceWriter.create(out, header)) {
            long[] time = {1};
            w.record(seq -> new ProcessEvent.PhaseMark(seq, time[0]++, ROOT, Phase.WORK, "service"));
            int worker = 0;
            while (w.count() < events) {
                int pid = 1000 + (worker++ % 30_000);
                w.record(seq -> new ProcessEvent.Fork(seq, time[0]++, ROOT, ROOT, pid, pid));
                w.record(seq -> new ProcessEvent.Exec(seq, time[0]++, pid, pid, "/usr/sbin/worker", List.of("worker")));
                for (int i = 0; i < WORKING_SET; i++) {
                    set[i] = i < WORKING_SET * 3 / 4 ? random.nextInt(HOT) : HOT + random.nextInt(FILES - HOT);
                }
                for (int i = 0; i < EVENTS_PER_WORKER && w.count() < events - 1; i++) {
                    int f = set[random.nextInt(WORKING_SET)];
                    if (!described[f]) {
                        described[f] = true;
                        String p = paths[f];
                        w.record(seq -> new InodeEvent(seq, time[0]++, DEV, f + 2L, p, FileType.FILE, 0644, 0, 0,
                                4096 + f % 65536, 1, 1_700_000_000_000_000_000L, null, false));
                    }
                    int r = random.nextInt(100);
                    Op op = r < 80 ? Op.GETATTR : r < 88 ? Op.OPEN : r < 96 ? Op.READ : Op.RELEASE;
                    String p = paths[f];
                    w.record(seq -> new FileEvent(seq, time[0]++, op, p, null, DEV, f + 2L, pid, pid, 33, 33, 0, 0));
                }
                w.record(seq -> new ProcessEvent.Exit(seq, time[0]++, pid, pid, 0, 0));
            }
            TraceFooter footer = w.finish(0);
            double s = (System.nanoTime() - t0) / 1e9;
            System.err.printf("wrote %,d events (%,d workers) in %.1f s: %,.0f events/s%n", footer.events(), worker, s,
                    footer.events() / s);
        }
    }
}
