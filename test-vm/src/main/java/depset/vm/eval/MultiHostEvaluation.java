package depset.vm.eval;

import depset.build.OriginalRun;
import depset.build.RepairLoop;
import depset.build.SourceTree;
import depset.build.TreeRun;
import depset.fsops.PosixFiles;
import depset.graph.DependencyGraph;
import depset.hosts.FlowsFile;
import depset.hosts.HostImportance;
import depset.hosts.HostSets;
import depset.hosts.HostTraces;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.strategy.Analysis;
import depset.strategy.ManifestFactory;
import depset.strategy.Strategy;
import depset.strategy.StrategyRegistry;
import depset.vm.run.SequenceResult;
import depset.vm.run.SequenceRunner;
import depset.vm.run.StepResult;
import depset.vm.sequence.Host;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluation of a multi-host sequence: per strategy, a set per host, each written out as a tree
 * and measured, and the whole sequence replayed with every host in its tree at once. A host's row is
 * functional only when the whole sequence passes (its row says so for the pair: a web tier that works
 * only with a complete database host is not a set for the web host); a joint row ({@code test} the
 * sequence's name, sizes summed) gives the pair's verdict. {@code auto} repairs one host at a time,
 * in the order declared: each host's repair loop from its strict set runs the sequence with the hosts
 * before it in their repaired trees and the hosts after it in their complete ones; the final replay
 * puts every host in its repaired tree.
 */
final class MultiHostEvaluation {
    private final TracedSequences tracer;
    private final SetTreeWriter trees;
    private final SequenceRunner replay;
    private final StrategyRegistry strategies;
    private final PrintStream progress;

    MultiHostEvaluation(TracedSequences tracer, SetTreeWriter trees, SequenceRunner replay, StrategyRegistry strategies,
                        PrintStream progress) {
        this.tracer = tracer;
        this.trees = trees;
        this.replay = replay;
        this.strategies = strategies;
        this.progress = progress;
    }

    /** The rows of {@code s}, whose hosts' complete roots are {@code guests}; files go to {@code dir}. */
    List<EvalRow> evaluate(Sequence s, Map<String, Path> guests, Path dir, List<String> notes) throws IOException {
        List<EvalRow> rows = new ArrayList<>();
        Files.createDirectories(dir);
        Map<Path, TreeFigures> measured = new HashMap<>();
        Map<String, TreeFigures> guestSizes = new LinkedHashMap<>();
        for (Map.Entry<String, Path> g : guests.entrySet()) {
            say(s, "measuring host " + g.getKey() + "'s complete guest " + g.getValue());
            TreeFigures size = measured.get(g.getValue());
            if (size == null) {
                size = TreeFigures.of(g.getValue(), true);
                measured.put(g.getValue(), size);
            }
            guestSizes.put(g.getKey(), size);
        }
        say(s, "replaying in the complete guests");
        SequenceResult full = replay.run(s, guests, Optional.empty());
        rows.addAll(rows(s, EvalRow.COMPLETE, guestSizes, full, ""));
        if (!full.passed()) {
            notes.add(s.name() + ": the complete guests fail their own sequence: " + full.summary());
        }
        say(s, "tracing in the complete guests");
        Path trace = dir.resolve("trace.jsonl");
        SequenceResult traced = tracer.traceHosts(s.traced(), guests, trace);
        if (!traced.passed()) {
            notes.add(s.name() + ": the traced run failed: " + traced.summary());
        }
        FlowsFile flows = FlowsFile.read(HostTraces.flows(trace));
        Map<String, List<String>> important = HostImportance.of(flows, true);
        HostImportance.added(flows).forEach(a -> say(s, "important " + a.describe()));
        Map<String, Analysis> analyses = new LinkedHashMap<>();
        for (Host h : s.hosts()) {
            analyses.put(h.name(), Analysis.of(DependencyGraph.read(HostTraces.of(trace, h.name())),
                    important.get(h.name())));
        }
        for (Strategy strategy : strategies.all()) {
            Map<String, Manifest> sets = new LinkedHashMap<>();
            for (Host h : s.hosts()) {
                say(s, strategy.name() + ": computing host " + h.name() + "'s set");
                sets.put(h.name(), set(analyses.get(h.name()), strategy, trace, h.name()));
            }
            rows.addAll(treeRows(s, dir, guests, sets, strategy.name(), ""));
        }
        if (strategies.get("strict") != null) {
            rows.addAll(auto(s, dir, guests, trace, analyses));
        }
        return rows;
    }

    private static Manifest set(Analysis analysis, Strategy strategy, Path trace, String host) {
        Path hostTrace = HostTraces.of(trace, host);
        return HostSets.forHost(ManifestFactory.create(analysis, strategy, List.of(hostTrace.toString())), host);
    }

    /** Every host's set written as a tree and measured; the sequence replayed in all the trees at once. */
    private List<EvalRow> treeRows(Sequence s, Path dir, Map<String, Path> guests, Map<String, Manifest> sets,
                                   String name, String note) throws IOException {
        Map<String, Path> roots = new LinkedHashMap<>();
        Map<String, TreeFigures> sizes = new LinkedHashMap<>();
        for (Map.Entry<String, Manifest> e : sets.entrySet()) {
            String host = e.getKey();
            ManifestJson.write(e.getValue(), HostSets.output(dir.resolve("set." + name + ".json"), host));
            Path tree = dir.resolve("tree." + name + "." + host);
            Evaluation.removeTree(tree);
            say(s, name + ": building host " + host + "'s tree (" + e.getValue().totals().files() + " entries)");
            trees.write(e.getValue(), guests.get(host), tree);
            sizes.put(host, TreeFigures.of(tree));
            roots.put(host, tree);
        }
        say(s, name + ": replaying in every host's tree");
        SequenceResult r;
        try {
            r = replay.run(s, roots, Optional.empty());
        } catch (IOException e) {
            List<EvalRow> rows = new ArrayList<>();
            for (String host : sizes.keySet()) {
                rows.add(EvalRow.measured(s.name() + "/" + host, name, sizes.get(host), false,
                        "cannot run in the trees: " + e.getMessage(), List.of()));
            }
            return rows;
        }
        return rows(s, name, sizes, r, note);
    }

    /** A row per host (functional: the whole sequence's verdict) and the joint row. */
    private static List<EvalRow> rows(Sequence s, String strategy, Map<String, TreeFigures> sizes, SequenceResult r,
                                      String note) {
        String why = r.firstFailure().map(StepResult::whyNot).orElse("");
        List<String> missing = r.firstFailure().map(StepResult::missing).orElse(List.of());
        String whyNot = note.isEmpty() ? why : why.isEmpty() ? note : note + "; " + why;
        List<EvalRow> rows = new ArrayList<>();
        long bytes = 0;
        long regular = 0;
        long entries = 0;
        long compressed = 0;
        for (Map.Entry<String, TreeFigures> e : sizes.entrySet()) {
            rows.add(withUnseen(s, EvalRow.measured(s.name() + "/" + e.getKey(), strategy, e.getValue(), r.passed(),
                    whyNot, missing), r));
            bytes += e.getValue().size().bytes();
            regular += e.getValue().size().regularFiles();
            entries += e.getValue().size().entries();
            // one host's tar.gz not measured leaves the pair's unmeasured too
            compressed = compressed < 0 || e.getValue().compressedBytes() < 0 ? -1
                    : compressed + e.getValue().compressedBytes();
        }
        TreeFigures joint = new TreeFigures(new depset.build.SourceSize(bytes, regular, entries), compressed);
        rows.add(withUnseen(s, EvalRow.measured(s.name(), strategy, joint, r.passed(), whyNot, missing), r));
        return rows;
    }

    private static EvalRow withUnseen(Sequence s, EvalRow row, SequenceResult r) {
        return !s.hasUnseen() ? row : new EvalRow(row.test(), row.strategy(), row.bytes(), row.compressedBytes(),
                row.files(), row.functional(), row.whyNot(), row.missing(), r.unseenPassed(), r.unseenTotal());
    }

    /** auto: each host's strict set repaired in turn (see the class comment), then every host replayed at once. */
    private List<EvalRow> auto(Sequence s, Path dir, Map<String, Path> guests, Path trace,
                               Map<String, Analysis> analyses) throws IOException {
        Map<String, Path> current = new LinkedHashMap<>(guests);
        Map<String, Manifest> sets = new LinkedHashMap<>();
        List<String> summaries = new ArrayList<>();
        TracedSequences rounds = tracer.keepingGoing();
        for (Host h : s.hosts()) {
            String host = h.name();
            say(s, "auto: repairing host " + host + "'s strict set until the sequence passes");
            Manifest strict = set(analyses.get(host), strategies.get("strict"), trace, host);
            RepairLoop.Outcome o = RepairLoop.run(strict, OriginalRun.of(analyses.get(host)),
                    new SourceTree(guests.get(host), PosixFiles.system()), (set, round) -> {
                        Path tree = dir.resolve("auto-" + host + "-round-" + round);
                        Evaluation.removeTree(tree);
                        trees.write(set, guests.get(host), tree);
                        Map<String, Path> roots = new LinkedHashMap<>(current);
                        roots.put(host, tree);
                        Path roundTrace = dir.resolve("auto-" + host + "-round-" + round + ".jsonl");
                        SequenceResult r = rounds.traceHosts(s.traced(), roots, roundTrace);
                        Evaluation.removeTree(tree);
                        say(s, "auto round " + round + " of host " + host + ": " + set.entries().size()
                                + " entries, " + r.summary());
                        List<String> failing = r.steps().stream().filter(x -> !x.passed())
                                .map(x -> x.step().describe()).toList();
                        return new TreeRun(0, r.passed() ? 0 : 1, null, HostTraces.of(roundTrace, host), failing,
                                null);
                    }, SequenceRepair.MAX_ROUNDS);
            Manifest m = HostSets.forHost(o.manifest(), host);
            sets.put(host, m);
            depset.build.VerifyJson.write(dir.resolve("verify.auto." + host + ".json"), o);
            summaries.add(host + ": " + o.summary());
            Path tree = dir.resolve("tree.auto." + host);
            Evaluation.removeTree(tree);
            trees.write(m, guests.get(host), tree);
            current.put(host, tree);
        }
        return treeRows(s, dir, guests, sets, "auto", String.join("; ", summaries));
    }

    private void say(Sequence s, String what) {
        progress.println("depset eval: " + s.name() + ": " + what);
        progress.flush();
    }
}
