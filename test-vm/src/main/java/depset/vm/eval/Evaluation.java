package depset.vm.eval;

import depset.build.OriginalRun;
import depset.build.RepairLoop;
import depset.closure.ClosureCost;
import depset.closure.ClosureOptions;
import depset.closure.Closures;
import depset.closure.ComposedStrategy;
import depset.graph.DependencyGraph;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.meta.DpkgDatabases;
import depset.strategy.Analysis;
import depset.strategy.ManifestFactory;
import depset.strategy.Strategy;
import depset.strategy.StrategyRegistry;
import depset.vm.guest.GuestBuildException;
import depset.vm.guest.GuestBuilder;
import depset.sandbox.HostCommand;
import depset.vm.run.SequenceResult;
import depset.vm.run.SequenceRoots;
import depset.vm.run.SequenceRunner;
import depset.vm.run.StepResult;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evaluation of {@code depset eval}: for each sequence, the complete guest replayed natively;
 * the sequence traced once in it; every strategy's set computed by the analyzer, written out as a
 * tree, measured on disk and replayed natively; and the peers' rows of the same sequence: ReproZip's
 * pack, and the set a strace of it gives ({@link StracePeer}).
 */
public final class Evaluation {
    private final GuestBuilder guests;
    private final Optional<SequenceTracer> tracer;
    private final String tracerMissing;
    private final SetTreeWriter trees;
    private final SequenceRunner replay;
    private final StrategyRegistry strategies;
    private final Optional<ReproZip> reprozip;
    private final PrintStream progress;
    private final List<ComposedStrategy> closureRows;
    private final ClosureOptions closureOptions;
    private final Optional<StracePeer> strace;

    /**
     * @param tracer        the traced runner, or empty with {@code tracerMissing} saying why
     * @param strategies    the strategies to compute, in table order
     * @param reprozip      ReproZip's row, or empty to leave it out
     * @param progress      where one line per stage goes (stderr)
     */
    public Evaluation(GuestBuilder guests, Optional<SequenceTracer> tracer, String tracerMissing, SetTreeWriter trees,
                      SequenceRunner replay, StrategyRegistry strategies, Optional<ReproZip> reprozip,
                      PrintStream progress) {
        this.guests = guests;
        this.tracer = tracer;
        this.tracerMissing = tracerMissing;
        this.trees = trees;
        this.replay = replay;
        this.strategies = strategies;
        this.reprozip = reprozip;
        this.progress = progress;
        this.closureRows = DEFAULT_CLOSURE_ROWS;
        this.closureOptions = ClosureOptions.DEFAULT;
        this.strace = Optional.empty();
    }

    private Evaluation(Evaluation e, List<ComposedStrategy> closureRows, ClosureOptions options,
                       Optional<StracePeer> strace) {
        this.guests = e.guests;
        this.tracer = e.tracer;
        this.tracerMissing = e.tracerMissing;
        this.trees = e.trees;
        this.replay = e.replay;
        this.strategies = e.strategies;
        this.reprozip = e.reprozip;
        this.progress = e.progress;
        this.closureRows = List.copyOf(closureRows);
        this.closureOptions = options;
        this.strace = strace;
    }

    /** The rows a strategy with closures gives by default: auto+elf and auto+packages. */
    public static final List<ComposedStrategy> DEFAULT_CLOSURE_ROWS = List.of(ComposedStrategy.parse("auto+elf"),
            ComposedStrategy.parse("auto+packages"));

    /**
     * The same evaluation with these rows of closures over a strategy (or over auto), the closures
     * choosing with {@code options}.
     */
    public Evaluation withClosureRows(List<ComposedStrategy> rows, ClosureOptions options) {
        return new Evaluation(this, rows, options, strace);
    }

    /** The same evaluation with the strace row ({@link StracePeer}) after ReproZip's. */
    public Evaluation withStrace(StracePeer peer) {
        return new Evaluation(this, closureRows, closureOptions, Optional.of(peer));
    }

    /** Evaluates every sequence; trees, traces and manifests go under {@code out/<sequence>/}. */
    public EvalReport run(List<Sequence> sequences, Path out) throws IOException, GuestBuildException {
        List<EvalRow> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (tracer.isEmpty()) {
            notes.add("no traced run: " + tracerMissing);
        }
        for (Sequence s : sequences) {
            rows.addAll(evaluate(s, out.resolve(s.name()), notes));
        }
        EvalReport report = new EvalReport(rows, Instant.now().toString(), notes);
        report.writeMarkdown(out.resolve("eval.md"));
        report.writeJson(out.resolve("eval.json"));
        return report;
    }

    private List<EvalRow> evaluate(Sequence s, Path dir, List<String> notes) throws IOException, GuestBuildException {
        if (s.multiHost()) {
            if (!(tracer.orElse(null) instanceof TracedSequences t)) { // before building guests it could not use
                return List.of(EvalRow.unmeasured(s.name(), EvalRow.COMPLETE, "no traced run: " + tracerMissing));
            }
            say(s, "guests");
            java.util.Map<String, Path> roots = SequenceRoots.resolveHosts(s, guests, Path.of("."));
            // Closure rows, ReproZip and strace pack one root; a multi-host run has a set per host.
            return new MultiHostEvaluation(t, trees, replay, strategies, progress).evaluate(s, roots, dir, notes);
        }
        List<EvalRow> rows = new ArrayList<>();
        Files.createDirectories(dir);
        say(s, "guest");
        Path guest = SequenceRoots.resolve(s, guests, Path.of("."));
        say(s, "measuring the complete guest " + guest);
        // A root of the machine's own (root /) is measured but not compressed: hours for a developer's disk.
        TreeFigures guestSize = TreeFigures.of(guest, s.guestName().isPresent());
        say(s, "replaying in the complete guest");
        SequenceResult full = replay.run(s, guest);
        rows.add(row(s, EvalRow.COMPLETE, guestSize, full));
        if (!full.passed()) {
            notes.add(s.name() + ": the complete guest fails its own sequence: " + full.summary());
        }
        Path trace = dir.resolve("trace.jsonl");
        Optional<Analysis> analysis = Optional.empty();
        String why = tracerMissing;
        if (tracer.isPresent()) {
            say(s, "tracing in the complete guest");
            // The verify steps are the unseen workload: never traced, so no set is computed from them.
            SequenceResult traced = tracer.get().trace(s.traced(), guest, trace);
            if (!traced.passed()) {
                notes.add(s.name() + ": the traced run failed: " + traced.summary());
            }
            try {
                analysis = Optional.of(Analysis.of(DependencyGraph.read(trace), s.important()));
            } catch (IOException | RuntimeException e) {
                why = "the trace cannot be analysed: " + e.getMessage();
                notes.add(s.name() + ": " + why);
            }
        }
        java.util.Map<String, Manifest> sets = new java.util.HashMap<>();
        for (Strategy strategy : strategies.all()) {
            if (analysis.isEmpty()) {
                rows.add(EvalRow.unmeasured(s.name(), strategy.name(), why));
                continue;
            }
            rows.add(strategyRow(s, dir, guest, trace, analysis.get(), strategy, sets));
        }
        if (tracer.isPresent() && analysis.isPresent() && strategies.get("strict") != null) {
            rows.add(autoRow(s, dir, guest, trace, analysis.get(), sets));
        }
        // The guest's dpkg database is read once for all the closure rows of the sequence.
        DpkgDatabases databases = new DpkgDatabases();
        for (ComposedStrategy c : closureRows) {
            Manifest base = sets.get(c.base());
            rows.add(base == null ? EvalRow.unmeasured(s.name(), c.name(), "no " + c.base() + " set to close")
                    : closureRow(s, dir, guest, base, c, databases));
        }
        if (reprozip.isPresent()) {
            say(s, "ReproZip");
            try {
                rows.add(reprozip.get().row(s.traced(), guest, dir.resolve("reprozip")));
            } catch (IOException e) {
                rows.add(EvalRow.unmeasured(s.name(), EvalRow.REPROZIP, "ReproZip could not run: " + e.getMessage()));
            }
        }
        if (strace.isPresent()) {
            say(s, "strace");
            try {
                rows.add(strace.get().row(s.traced(), guest, dir));
            } catch (IOException e) {
                rows.add(EvalRow.unmeasured(s.name(), StracePeer.NAME, "strace could not run: " + e.getMessage()));
            }
        }
        return rows;
    }

    private EvalRow strategyRow(Sequence s, Path dir, Path guest, Path trace, Analysis analysis, Strategy strategy,
                                java.util.Map<String, Manifest> sets) throws IOException {
        say(s, strategy.name() + ": computing the set");
        Manifest m;
        try {
            m = ManifestFactory.create(analysis, strategy, List.of(trace.toString()));
        } catch (RuntimeException e) {
            return EvalRow.unmeasured(s.name(), strategy.name(), "the analyzer failed: " + e);
        }
        ManifestJson.write(m, dir.resolve("set." + strategy.name() + ".json"));
        sets.put(strategy.name(), m);
        return treeRow(s, dir, guest, m, strategy.name());
    }

    /** {@code base} completed by the closures of {@code c} from the guest, then built and replayed. */
    private EvalRow closureRow(Sequence s, Path dir, Path guest, Manifest base, ComposedStrategy c,
                               DpkgDatabases databases) throws IOException {
        say(s, c.name() + ": closing the " + c.base() + " set");
        Manifest m;
        Closures.Result r;
        try {
            r = Closures.apply(base, Closures.of(c, closureOptions), guest, databases);
            m = r.manifest();
        } catch (IOException | RuntimeException e) {
            return EvalRow.unmeasured(s.name(), c.name(), "the closures failed: " + e.getMessage());
        }
        ManifestJson.write(m, dir.resolve("set." + c.name() + ".json"));
        EvalRow row = treeRow(s, dir, guest, m, c.name());
        String added = ClosureCost.of(m).stream().map(x -> x.closure() + " added " + x.files() + " entries, "
                + String.format(java.util.Locale.ROOT, "%.1f MB", x.bytes() / 1e6)).collect(
                java.util.stream.Collectors.joining("; "));
        String warned = r.warnings().isEmpty() ? "" : "; " + r.warnings().size() + " warning(s), first: "
                + r.warnings().get(0);
        String note = (added.isEmpty() ? "the closures added nothing" : added) + warned;
        return row.withWhyNot(row.whyNot().isEmpty() ? note : note + "; " + row.whyNot());
    }

    /** Builds {@code m} as a tree, measures it and replays the whole sequence (verify steps too) in it. */
    private EvalRow treeRow(Sequence s, Path dir, Path guest, Manifest m, String name) throws IOException {
        Path tree = dir.resolve("tree." + name);
        removeTree(tree);
        say(s, name + ": building the tree (" + m.totals().files() + " entries)");
        try {
            trees.write(m, guest, tree);
        } catch (IOException e) {
            return EvalRow.unmeasured(s.name(), name, "the tree cannot be built: " + e.getMessage());
        }
        TreeFigures size = TreeFigures.of(tree);
        say(s, name + ": replaying in the tree");
        SequenceResult r;
        try {
            r = replay.run(s, tree);
        } catch (IOException e) {
            return EvalRow.measured(s.name(), name, size, false, "cannot run in the tree: "
                    + e.getMessage(), List.of());
        }
        return row(s, name, size, r);
    }

    /** The builder's repair loop from strict, each round a traced run of the sequence in the tree. */
    private EvalRow autoRow(Sequence s, Path dir, Path guest, Path trace, Analysis analysis,
                            java.util.Map<String, Manifest> sets) throws IOException {
        say(s, "auto: repairing strict until the sequence passes");
        Manifest start = ManifestFactory.create(analysis, strategies.get("strict"), List.of(trace.toString()));
        RepairLoop.Outcome o;
        try {
            SequenceTracer rounds = tracer.get() instanceof TracedSequences t ? t.keepingGoing() : tracer.get();
            o = new SequenceRepair(rounds, trees, progress).repair(s.traced(), start, OriginalRun.of(analysis), guest,
                    dir);
        } catch (IOException | RuntimeException e) {
            return EvalRow.unmeasured(s.name(), "auto", "the repair loop failed: " + e.getMessage());
        }
        Manifest m = o.manifest();
        ManifestJson.write(m, dir.resolve("set.auto.json"));
        sets.put("auto", m);
        // every round's misses, for depset report --verify: what strict lacked and what each round added
        depset.build.VerifyJson.write(dir.resolve("verify.auto.json"), o);
        Path tree = dir.resolve("tree.auto");
        removeTree(tree);
        trees.write(m, guest, tree);
        TreeFigures size = TreeFigures.of(tree);
        say(s, "auto: replaying in the tree (" + o.summary() + ")");
        SequenceResult r = replay.run(s, tree);
        EvalRow row = row(s, "auto", size, r);
        String rounds = o.summary() + (o.fallbackUsed() ? " (the fallback rule was used)" : "");
        return row.withWhyNot(row.whyNot().isEmpty() ? rounds : rounds + "; " + row.whyNot());
    }

    private static EvalRow row(Sequence s, String strategy, TreeFigures size, SequenceResult r) {
        Optional<StepResult> f = r.firstFailure();
        String why = f.map(StepResult::whyNot).orElse("");
        Optional<StepResult> u = r.firstUnseenFailure();
        if (u.isPresent()) {
            why = (why.isEmpty() ? "" : why + "; ") + "unseen: " + u.get().whyNot();
        }
        List<String> missing = new ArrayList<>(f.map(StepResult::missing).orElse(List.of()));
        u.ifPresent(x -> missing.addAll(x.missing()));
        EvalRow row = EvalRow.measured(s.name(), strategy, size, r.passed(), why, missing);
        return !s.hasUnseen() ? row : new EvalRow(row.test(), row.strategy(), row.bytes(), row.compressedBytes(),
                row.files(), row.functional(), row.whyNot(), row.missing(), r.unseenPassed(), r.unseenTotal());
    }

    private void say(Sequence s, String what) {
        progress.println("depset eval: " + s.name() + ": " + what);
        progress.flush();
    }

    static void removeTree(Path tree) throws IOException {
        HostCommand.Result r = HostCommand.removeTree(tree);
        if (!r.ok()) {
            throw new IOException("cannot remove the old tree " + tree + ": " + r.lastLine());
        }
    }
}
