package depset.vm.eval;

import depset.build.OriginalRun;
import depset.build.RepairLoop;
import depset.graph.DependencyGraph;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evaluation of {@code depset eval}: for each sequence, the complete guest replayed natively;
 * the sequence traced once in it; every strategy's set computed by the analyzer, written out as a
 * tree, measured on disk and replayed natively; and ReproZip's pack of the same sequence.
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
        List<EvalRow> rows = new ArrayList<>();
        Files.createDirectories(dir);
        say(s, "guest");
        Path guest = SequenceRoots.resolve(s, guests, Path.of("."));
        say(s, "measuring the complete guest " + guest);
        // A root of the machine's own (root /) is measured but not compressed: hours for a developer's disk.
        TreeSize guestSize = TreeSize.of(guest, s.guestName().isPresent());
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
            SequenceResult traced = tracer.get().trace(s, guest, trace);
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
        for (Strategy strategy : strategies.all()) {
            if (analysis.isEmpty()) {
                rows.add(EvalRow.unmeasured(s.name(), strategy.name(), why));
                continue;
            }
            rows.add(strategyRow(s, dir, guest, trace, analysis.get(), strategy));
        }
        if (tracer.isPresent() && analysis.isPresent() && strategies.get("strict") != null) {
            rows.add(autoRow(s, dir, guest, trace, analysis.get()));
        }
        if (reprozip.isPresent()) {
            say(s, "ReproZip");
            try {
                rows.add(reprozip.get().row(s, guest, dir.resolve("reprozip")));
            } catch (IOException e) {
                rows.add(EvalRow.unmeasured(s.name(), EvalRow.REPROZIP, "ReproZip could not run: " + e.getMessage()));
            }
        }
        return rows;
    }

    private EvalRow strategyRow(Sequence s, Path dir, Path guest, Path trace, Analysis analysis, Strategy strategy)
            throws IOException {
        say(s, strategy.name() + ": computing the set");
        Manifest m;
        try {
            m = ManifestFactory.create(analysis, strategy, List.of(trace.toString()));
        } catch (RuntimeException e) {
            return EvalRow.unmeasured(s.name(), strategy.name(), "the analyzer failed: " + e);
        }
        ManifestJson.write(m, dir.resolve("set." + strategy.name() + ".json"));
        Path tree = dir.resolve("tree." + strategy.name());
        removeTree(tree);
        say(s, strategy.name() + ": building the tree (" + m.totals().files() + " entries)");
        try {
            trees.write(m, guest, tree);
        } catch (IOException e) {
            return EvalRow.unmeasured(s.name(), strategy.name(), "the tree cannot be built: " + e.getMessage());
        }
        TreeSize size = TreeSize.of(tree);
        say(s, strategy.name() + ": replaying in the tree");
        SequenceResult r;
        try {
            r = replay.run(s, tree);
        } catch (IOException e) {
            return EvalRow.measured(s.name(), strategy.name(), size, false, "cannot run in the tree: "
                    + e.getMessage(), List.of());
        }
        return row(s, strategy.name(), size, r);
    }

    /** The builder's repair loop from strict, each round a traced run of the sequence in the tree. */
    private EvalRow autoRow(Sequence s, Path dir, Path guest, Path trace, Analysis analysis) throws IOException {
        say(s, "auto: repairing strict until the sequence passes");
        Manifest start = ManifestFactory.create(analysis, strategies.get("strict"), List.of(trace.toString()));
        RepairLoop.Outcome o;
        try {
            SequenceTracer rounds = tracer.get() instanceof TracedSequences t ? t.keepingGoing() : tracer.get();
            o = new SequenceRepair(rounds, trees, progress).repair(s, start, OriginalRun.of(analysis), guest, dir);
        } catch (IOException | RuntimeException e) {
            return EvalRow.unmeasured(s.name(), "auto", "the repair loop failed: " + e.getMessage());
        }
        Manifest m = o.manifest();
        ManifestJson.write(m, dir.resolve("set.auto.json"));
        // every round's misses, for depset report --verify: what strict lacked and what each round added
        depset.build.VerifyJson.write(dir.resolve("verify.auto.json"), o);
        Path tree = dir.resolve("tree.auto");
        removeTree(tree);
        trees.write(m, guest, tree);
        TreeSize size = TreeSize.of(tree);
        say(s, "auto: replaying in the tree (" + o.summary() + ")");
        SequenceResult r = replay.run(s, tree);
        EvalRow row = row(s, "auto", size, r);
        String rounds = o.summary() + (o.fallbackUsed() ? " (the fallback rule was used)" : "");
        return new EvalRow(row.test(), row.strategy(), row.bytes(), row.compressedBytes(), row.files(),
                row.functional(), row.whyNot().isEmpty() ? rounds : rounds + "; " + row.whyNot(), row.missing());
    }

    private static EvalRow row(Sequence s, String strategy, TreeSize size, SequenceResult r) {
        Optional<StepResult> f = r.firstFailure();
        return EvalRow.measured(s.name(), strategy, size, r.passed(),
                f.map(StepResult::whyNot).orElse(""),
                f.map(StepResult::missing).orElse(List.of()));
    }

    private void say(Sequence s, String what) {
        progress.println("depset eval: " + s.name() + ": " + what);
        progress.flush();
    }

    static void removeTree(Path tree) throws IOException {
        if (Files.exists(tree, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            HostCommand.Result r = HostCommand.run(List.of("rm", "-rf", "--one-file-system", tree.toString()),
                    Duration.ofMinutes(5));
            if (!r.ok()) {
                throw new IOException("cannot remove the old tree " + tree + ": " + r.lastLine());
            }
        }
    }
}
