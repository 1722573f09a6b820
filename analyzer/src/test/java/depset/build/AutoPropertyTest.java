package depset.build;

import static org.assertj.core.api.Assertions.assertThat;

import depset.fsops.PosixFiles;
import depset.graph.DependencyGraph;
import depset.graph.GraphBuilder;
import depset.graph.ProcessNode;
import depset.graph.TraceInfo;
import depset.graph.Traces;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.strategy.Analysis;
import depset.strategy.ManifestFactory;
import depset.strategy.RealisticTraces;
import depset.strategy.Strategy;
import depset.strategy.StrategyRegistry;
import depset.trace.FileEvent;
import depset.trace.InodeEvent;
import depset.trace.Op;
import depset.trace.Phase;
import depset.trace.ProcessEvent;
import depset.trace.TraceEvent;
import depset.trace.TraceReader;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * {@code auto} on every recorded trace of the resources and on random sequences, with random
 * important processes: each round replays the original run's requests inside the set (what the
 * set lacks is looked up in vain, every process under another pid), and the loop must stop on PASS
 * after at most one repair round, with {@code strict ⊆ auto ⊆ all} and every strategy nested, and
 * never fall back (every failure of such a replay is a divergence from the original run).
 *
 * <p>The traces {@code depset eval} recorded of its sequences ({@code eval-*.jsonl.gz}: ls and LAMP on
 * Debian 12, ls on Debian 13; see the resources' README) are checked each, exhaustively, with the
 * sequence's own important processes and with seeded random ones, rather than sampled among the rest.
 */
@Tag("unit")
class AutoPropertyTest {
    private static final Path TRACES = Path.of("src/test/resources/traces");
    private static final int PID_SHIFT = 100_000;

    /** The evaluation's traces and the important processes of the sequence each was recorded from. */
    private static final Map<String, List<String>> EVALUATION = Map.of(
            "eval-ls.jsonl.gz", List.of("ls"),
            "eval-ls-trixie.jsonl.gz", List.of("ls"),
            "eval-lamp.jsonl.gz", List.of("apache2", "mariadbd"));

    /**
     * A run to repair: its events, and the important processes, named (the sequence's), or, when
     * {@code important} is null, chosen by {@code seed}.
     */
    record Case(String name, List<TraceEvent> events, List<String> important, long seed) {
        Case(String name, List<TraceEvent> events, long seed) {
            this(name, events, null, seed);
        }

        @Override
        public String toString() {
            return name + (important == null ? " seed " + seed : " important " + important);
        }
    }

    @Provide
    Arbitrary<Case> cases() throws IOException {
        List<Path> recorded;
        try (Stream<Path> s = Files.list(TRACES)) {
            recorded = s.filter(p -> p.getFileName().toString().matches(".*\\.jsonl(\\.gz)?"))
                    .filter(p -> !EVALUATION.containsKey(p.getFileName().toString())).sorted().toList();
        }
        Arbitrary<Case> fromResources = Arbitraries.of(recorded).flatMap(p -> Arbitraries.longs()
                .map(seed -> new Case(p.getFileName().toString(), read(p), seed)));
        Arbitrary<Case> random = Arbitraries.longs().between(0, 100_000).map(seed ->
                new Case("random trace " + seed, RealisticTraces.random(seed).events(), seed));
        return Arbitraries.oneOf(fromResources, random);
    }

    /** Each evaluation trace with its sequence's important processes, and with three seeded choices. */
    @Provide
    Arbitrary<Case> evaluationCases() {
        List<Case> cases = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : new TreeMap<>(EVALUATION).entrySet()) {
            List<TraceEvent> events = read(TRACES.resolve(e.getKey()));
            cases.add(new Case(e.getKey(), events, e.getValue(), 0));
            for (long seed = 1; seed <= 3; seed++) {
                cases.add(new Case(e.getKey(), events, seed));
            }
        }
        return Arbitraries.of(cases);
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void autoConvergesOnEveryEvaluationTrace(@ForAll("evaluationCases") Case c) throws IOException {
        autoPassesInOneRepairRoundWithinAllAndTheStrategiesNest(c);
    }

    @Property(tries = 150)
    void autoPassesInOneRepairRoundWithinAllAndTheStrategiesNest(@ForAll("cases") Case c) throws IOException {
        Path dir = Files.createTempDirectory("depset-auto-property");
        try {
            check(c, dir);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void check(Case c, Path dir) throws IOException {
        DependencyGraph g = graph(c.events());
        List<String> important = c.important() != null ? c.important() : important(g, new Random(c.seed()));
        if (important == null) {
            return; // no process in the run to call important
        }
        Analysis a = Analysis.of(g, important);
        StrategyRegistry registry = StrategyRegistry.standard();
        Map<String, Set<String>> sets = new HashMap<>();
        Set<String> previous = Set.of();
        for (Strategy s : registry.all()) {
            Set<String> paths = paths(ManifestFactory.create(a, s, List.of()));
            assertThat(paths).as("%s ⊇ the one before, %s", s.name(), c).containsAll(previous);
            sets.put(s.name(), paths);
            previous = paths;
        }
        OriginalRun original = OriginalRun.of(a);
        Manifest strict = ManifestFactory.create(a, registry.get("strict"), List.of());
        Files.createDirectories(dir.resolve("source"));
        SourceTree source = new SourceTree(dir.resolve("source"), PosixFiles.jdkOnly());
        RepairLoop.Outcome o = RepairLoop.run(strict, original, source,
                (set, round) -> replay(c.events(), original, set, dir.resolve("round-" + round + ".jsonl")), 5);

        assertThat(o.stop()).as("%s: %s", c, o.summary()).isEqualTo(RepairLoop.Stop.PASS);
        assertThat(o.repairRounds()).as("%s: %s", c, o.summary()).isLessThanOrEqualTo(1);
        assertThat(o.fallbackUsed()).as("%s", c).isFalse();
        Set<String> auto = paths(o.manifest());
        assertThat(auto).as("strict ⊆ auto, %s", c).containsAll(sets.get("strict"));
        assertThat(sets.get("all")).as("auto ⊆ all, %s", c).containsAll(auto);
        for (ManifestEntry e : o.manifest().entries()) {
            if (!sets.get("strict").contains(e.path())) {
                assertThat(e.reasons()).as("%s in %s", e.path(), c).allMatch(r -> r.rule().startsWith("repair round 1: "));
            }
        }
    }

    /** Important processes chosen by the seed: the default, or some processes of the run by pid. */
    private static List<String> important(DependencyGraph g, Random r) {
        List<ProcessNode> run = g.processes().stream().filter(g::inRun).toList();
        if (run.isEmpty()) {
            return null;
        }
        boolean hasDefault = g.processes().stream().anyMatch(p -> g.hasPhases()
                ? p.isPhaseRoot() && (p.phase() == Phase.RUN || p.phase() == Phase.WORK) : p.parent() == null);
        if (hasDefault && r.nextInt(3) == 0) {
            return List.of();
        }
        Set<String> chosen = new LinkedHashSet<>();
        chosen.add("pid:" + run.get(r.nextInt(run.size())).pid());
        for (ProcessNode p : run) {
            if (r.nextInt(4) == 0) {
                chosen.add("pid:" + p.pid());
            }
        }
        return List.copyOf(chosen);
    }

    /**
     * The original run replayed in a tree holding {@code set}: every request on a path the tree
     * lacks (neither in the set, nor the run's own runtime state, nor kernel-provided) becomes a
     * lookup in vain, and a step fails when one of its processes met one. Pids shift by
     * {@value #PID_SHIFT}, as another run's would.
     */
    private static TreeRun replay(List<TraceEvent> events, OriginalRun original, Manifest set, Path file)
            throws IOException {
        DependencyGraph g = original.graph();
        Map<Integer, String> stepOf = new HashMap<>();
        for (ProcessNode p : g.processes()) {
            if (g.inRun(p)) {
                stepOf.put(p.pid(), p.step());
            }
        }
        Set<String> failing = new TreeSet<>();
        boolean failed = false;
        try (TraceWriter w = TraceWriter.create(file, Traces.HEADER)) {
            for (TraceEvent e : events) {
                TraceEvent out = e;
                if (e instanceof FileEvent f && !f.failed() && !present(f.path(), original, set)
                        && stepOf.containsKey(f.pid())) {
                    out = new FileEvent(0, f.time(), Op.GETATTR, f.path(), null, 0, 0, f.tid(), f.pid(), f.uid(),
                            f.gid(), 0, 2);
                    failed = true;
                    failing.add(stepOf.get(f.pid()));
                } else if (e instanceof InodeEvent i && !present(i.path(), original, set)) {
                    continue;
                }
                TraceEvent shifted = shift(out);
                w.record(seq -> reseq(shifted, seq));
            }
            w.finish(0);
        }
        return new TreeRun(0, failed ? 1 : 0, null, file, List.copyOf(failing), null);
    }

    private static boolean present(String path, OriginalRun original, Manifest set) {
        return path.equals("/") || set.entry(path) != null || original.runtimeState(path) || MissingFiles.kernel(path);
    }

    private static TraceEvent shift(TraceEvent e) {
        if (e instanceof FileEvent f) {
            return new FileEvent(f.seq(), f.time(), f.op(), f.path(), f.path2(), f.dev(), f.ino(), moved(f.tid()),
                    moved(f.pid()), f.uid(), f.gid(), f.flags(), f.result());
        } else if (e instanceof ProcessEvent.Fork f) {
            return new ProcessEvent.Fork(f.seq(), f.time(), moved(f.parentPid()), moved(f.parentTid()),
                    moved(f.childPid()), moved(f.childTid()));
        } else if (e instanceof ProcessEvent.Exec x) {
            return new ProcessEvent.Exec(x.seq(), x.time(), moved(x.pid()), moved(x.tid()), x.exe(), x.argv());
        } else if (e instanceof ProcessEvent.Exit x) {
            return new ProcessEvent.Exit(x.seq(), x.time(), moved(x.pid()), moved(x.tid()), x.exitCode(), x.signal());
        } else if (e instanceof ProcessEvent.PhaseMark p) {
            return new ProcessEvent.PhaseMark(p.seq(), p.time(), moved(p.pid()), p.phase(), p.step());
        }
        return e;
    }

    private static int moved(int pid) {
        return pid == 0 ? 0 : pid + PID_SHIFT;
    }

    private static TraceEvent reseq(TraceEvent e, long seq) {
        if (e instanceof FileEvent f) {
            return new FileEvent(seq, f.time(), f.op(), f.path(), f.path2(), f.dev(), f.ino(), f.tid(), f.pid(),
                    f.uid(), f.gid(), f.flags(), f.result());
        } else if (e instanceof InodeEvent i) {
            return new InodeEvent(seq, i.time(), i.dev(), i.ino(), i.path(), i.type(), i.mode(), i.uid(), i.gid(),
                    i.size(), i.nlink(), i.mtime(), i.target(), i.created());
        } else if (e instanceof ProcessEvent.Fork f) {
            return new ProcessEvent.Fork(seq, f.time(), f.parentPid(), f.parentTid(), f.childPid(), f.childTid());
        } else if (e instanceof ProcessEvent.Exec x) {
            return new ProcessEvent.Exec(seq, x.time(), x.pid(), x.tid(), x.exe(), x.argv());
        } else if (e instanceof ProcessEvent.Exit x) {
            return new ProcessEvent.Exit(seq, x.time(), x.pid(), x.tid(), x.exitCode(), x.signal());
        } else if (e instanceof ProcessEvent.PhaseMark p) {
            return new ProcessEvent.PhaseMark(seq, p.time(), p.pid(), p.phase(), p.step());
        }
        throw new IllegalArgumentException("unexpected event " + e);
    }

    private static List<TraceEvent> read(Path trace) {
        try (TraceReader r = TraceReader.open(trace)) {
            List<TraceEvent> out = new ArrayList<>();
            r.forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DependencyGraph graph(List<TraceEvent> events) {
        GraphBuilder b = new GraphBuilder();
        events.forEach(b::accept);
        return b.build(Traces.HEADER, new TraceInfo("test", true, events.size(), null));
    }

    private static Set<String> paths(Manifest m) {
        return m.entries().stream().map(ManifestEntry::path).collect(Collectors.toCollection(TreeSet::new));
    }
}
