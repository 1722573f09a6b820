package depset.bench;

import depset.graph.DependencyGraph;
import depset.manifest.Manifest;
import depset.strategy.Analysis;
import depset.strategy.ManifestFactory;
import depset.strategy.Strategy;
import depset.strategy.StrategyRegistry;
import depset.trace.FileEvent;
import depset.trace.FileType;
import depset.trace.InodeEvent;
import depset.trace.Op;
import depset.trace.OpenFlags;
import depset.trace.Phase;
import depset.trace.ProcessEvent;
import depset.trace.TraceHeader;
import depset.trace.TraceReader;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The analyzer benchmark: a synthetic trace of 10 million events (1,000 processes, 200,000 files,
 * mostly getattr/open/read in bursts as a program uses a file — lookup, open, reads, release — each
 * process with a working set of shared libraries and files of its own), then read +
 * build the graph + compute every strategy, timed, with the peak heap. Run by
 * {@code bench/analyzer.sh}; prints figures, asserts nothing.
 *
 * <p>Usage: {@code AnalyzerBenchmark generate TRACE EVENTS}, then {@code AnalyzerBenchmark run TRACE}
 * (separate JVMs, so that the timed one starts clean).
 */
public final class AnalyzerBenchmark {
    private static final int PROCESSES = 1_000;
    private static final int FILES = 200_000;
    private static final int POPULAR = 2_000;
    private static final int OWN_WINDOW = 600;
    private static final long DEV = 2049;

    private AnalyzerBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || !(args[0].equals("generate") && args.length == 3 || args[0].equals("run"))) {
            System.err.println("usage: AnalyzerBenchmark generate TRACE EVENTS | run TRACE");
            System.exit(2);
        }
        Path trace = Path.of(args[1]);
        if (args[0].equals("generate")) {
            long t0 = System.nanoTime();
            generate(trace, Long.parseLong(args[2]));
            System.out.printf(Locale.ROOT, "generated %s (%d MB) in %.1f s%n", trace, Files.size(trace) >> 20,
                    (System.nanoTime() - t0) / 1e9);
            return;
        }
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        DependencyGraph g;
        try (TraceReader r = TraceReader.open(trace)) {
            g = DependencyGraph.read(r);
        }
        long t1 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        Analysis a = Analysis.of(g, List.of());
        StrategyRegistry registry = StrategyRegistry.standard();
        StringBuilder sizes = new StringBuilder();
        for (Strategy s : registry.all()) {
            sizes.append(' ').append(s.name()).append('=').append(a.select(s).size());
        }
        long t2 = System.nanoTime();
        long c2 = threads.getCurrentThreadCpuTime();
        for (Strategy s : registry.all()) {
            Manifest m = ManifestFactory.create(a, s, List.of(trace.toString()));
            if (m.entries().isEmpty()) {
                throw new IllegalStateException("empty " + s.name());
            }
        }
        long t3 = System.nanoTime();
        long n = g.info().events();
        System.out.printf(Locale.ROOT, "events %d, processes %d, file nodes %d, edges %d%n", n, g.processes().size(),
                g.files().size(), g.graph().edgeSet().size());
        System.out.printf(Locale.ROOT, "read + build graph: %.2f s (%.2f M events/s)%n", (t1 - t0) / 1e9,
                n / ((t1 - t0) / 1e9) / 1e6);
        System.out.printf(Locale.ROOT, "every strategy:     %.2f s (files:%s)%n", (t2 - t1) / 1e9, sizes);
        System.out.printf(Locale.ROOT, "read + build + every strategy: %.2f s = %.2f M events/s%n", (t2 - t0) / 1e9,
                n / ((t2 - t0) / 1e9) / 1e6);
        System.out.printf(Locale.ROOT, "  on the main thread's CPU time: %.2f s = %.2f M events/s "
                + "(read + build %.2f s, strategies %.2f s)%n", (c2 - c0) / 1e9, n / ((c2 - c0) / 1e9) / 1e6,
                (c1 - c0) / 1e9, (c2 - c1) / 1e9);
        System.out.printf(Locale.ROOT, "manifests (all four, in memory): %.2f s%n", (t3 - t2) / 1e9);
        long gc = 0;
        for (java.lang.management.GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += b.getCollectionTime();
        }
        System.out.printf(Locale.ROOT, "garbage collection: %.2f s in all%n", gc / 1e3);
        System.out.printf(Locale.ROOT, "peak heap: %d MB (max heap %d MB, %d processor(s))%n", peakHeap() >> 20,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Writes the synthetic trace. */
    static void generate(Path file, long total) throws IOException {
        SplittableRandom r = new SplittableRandom(42);
        TraceHeader h = new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, "/", "2026-01-01T00:00:00Z", "bench",
                "bench", List.of("/usr/sbin/service"));
        String[] paths = new String[FILES];
        for (int i = 0; i < FILES; i++) {
            paths[i] = i < POPULAR ? "/usr/lib/x86_64-linux-gnu/lib" + i + ".so.1"
                    : "/srv/app/d" + (i % 997) + "/f" + i + ".dat";
        }
        BitSet described = new BitSet(FILES);
        try (TraceWriter w = TraceWriter.create(file, h)) {
            int root = 1000;
            w.record(s -> new ProcessEvent.PhaseMark(s, s, root, Phase.RUN, "bench"));
            w.record(s -> new ProcessEvent.Exec(s, s, root, root, "/usr/sbin/service", List.of("service")));
            for (int i = 1; i < PROCESSES; i++) {
                int pid = root + i;
                int parent = root + (i - 1) / 8; // a tree, 8 children each
                int bin = i % 50;
                w.record(s -> new ProcessEvent.Fork(s, s, parent, parent, pid, pid));
                w.record(s -> new ProcessEvent.Exec(s, s, pid, pid, "/usr/bin/p" + bin, List.of("p" + bin, "-n")));
            }
            while (w.count() < total - PROCESSES - 10) {
                int proc = r.nextInt(PROCESSES);
                int pid = root + proc;
                int f;
                if (r.nextInt(2) == 0) {
                    double x = r.nextDouble();
                    f = (int) (x * x * POPULAR); // skewed: a few libraries are everyone's
                } else {
                    f = POPULAR + Math.floorMod(proc * 199 + r.nextInt(OWN_WINDOW), FILES - POPULAR);
                }
                String path = paths[f];
                long ino = 1000 + f;
                if (r.nextInt(100) == 0) {
                    String missing = path + ".missing" + r.nextInt(10);
                    w.record(s -> new FileEvent(s, s, Op.GETATTR, missing, null, 0, 0, pid, pid, 0, 0, 0, 2));
                    continue;
                }
                if (!described.get(f)) {
                    described.set(f);
                    w.record(s -> new InodeEvent(s, s, DEV, ino, path, FileType.FILE, 0644, 0, 0, 4096 + ino % 8192, 1,
                            s, null, false));
                }
                // A burst, as FUSE sees a program use a file: lookup, then often open, reads, release
                // (the kernel sends release on nobody's behalf: pid 0).
                w.record(s -> new FileEvent(s, s, Op.GETATTR, path, null, DEV, ino, pid, pid, 0, 0, 0, 0));
                int k = r.nextInt(10);
                if (k < 6) {
                    int flags = k == 0 && f < POPULAR ? OpenFlags.EXEC : 0;
                    w.record(s -> new FileEvent(s, s, Op.OPEN, path, null, DEV, ino, pid, pid, 0, 0, flags, 0));
                    for (int i = 1 + r.nextInt(6); i > 0; i--) {
                        w.record(s -> new FileEvent(s, s, Op.READ, path, null, DEV, ino, pid, pid, 0, 0, 0, 0));
                    }
                    w.record(s -> new FileEvent(s, s, Op.RELEASE, path, null, DEV, ino, 0, 0, 0, 0, 0, 0));
                } else if (k == 6) {
                    w.record(s -> new FileEvent(s, s, Op.ACCESS, path, null, DEV, ino, pid, pid, 0, 0, 4, 0));
                } else if (k == 7) {
                    w.record(s -> new FileEvent(s, s, Op.READLINK, path, null, DEV, ino, pid, pid, 0, 0, 0, 0));
                }
            }
            for (int i = PROCESSES - 1; i >= 0; i--) {
                int pid = root + i;
                w.record(s -> new ProcessEvent.Exit(s, s, pid, pid, 0, 0));
            }
            w.finish(0);
        }
    }
}
