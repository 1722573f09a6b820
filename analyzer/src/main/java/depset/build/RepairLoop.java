package depset.build;

import depset.graph.DependencyGraph;
import depset.graph.ProcessNode;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestProcess;
import depset.manifest.Reason;
import depset.strategy.ManifestFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Verify and repair until the run passes, judged against the original run: each round runs the
 * set's tree, matches the processes of that reduced run to those of the original one
 * ({@link ProcessMatching}), and finds the processes that missed what their counterpart found
 * ({@link Divergences}). Each diverging process gets its counterpart's whole footprint (and its
 * descendants') back in one round. A path the original run also looked up in vain, or made,
 * deleted or renamed itself, is never missing: services probe optional files and re-create their
 * own state, and such paths would be "missing" in every round.
 *
 * <p>Only when a step fails and no process diverges does the loop fall back on the rule of a plain
 * verify, for the failing steps' processes only: what they looked up in vain and the source has
 * (and, when that gives nothing new, the names of the directory they listed last). Its entries say
 * so in their reason; without it, every entry the loop adds belongs to the original run's
 * footprint, so the set stays within {@code all}.
 */
public final class RepairLoop {
    /** What the loop appends to the reasons of the entries the fallback rule chose. */
    public static final String FALLBACK_NOTE = " (fallback: nothing diverged from the original run)";

    /** Runs the command (or the sequence) inside the tree of a set, traced. */
    @FunctionalInterface
    public interface Verifier {
        TreeRun run(Manifest set, int round) throws IOException;
    }

    /** Why the loop stopped. */
    public enum Stop {
        /** Every step passed and no process diverged. */
        PASS,
        /** The last round found nothing to add. */
        NOTHING_NEW,
        /** The rounds ran out. */
        ROUNDS
    }

    /** How a round extended the set for the next one. */
    public enum RepairKind {
        /** The original footprints of the processes that diverged. */
        FOOTPRINT,
        /** The command itself, which the tree lacked. */
        COMMAND,
        /** Fallback: what the failing steps' processes looked up in vain and the source has. */
        FALLBACK_PROBES,
        /** Fallback: the names of the directory the failing steps' processes listed last. */
        FALLBACK_LISTED
    }

    /**
     * Where the loop stopped.
     *
     * @param manifest the last set (strategy "auto")
     * @param result   the last verification
     * @param rounds   every verification, in order
     * @param stop     why it stopped
     * @param repairs  how each round but the last extended the set, in order
     */
    public record Outcome(Manifest manifest, VerifyResult result, List<VerifyResult> rounds, Stop stop,
                          List<RepairKind> repairs) {
        public Outcome {
            rounds = List.copyOf(rounds);
            repairs = List.copyOf(repairs);
        }

        /** The number of repair rounds: verifications after the first. */
        public int repairRounds() {
            return rounds.size() - 1;
        }

        /** True when some entry was chosen by the fallback rule (the set may then exceed {@code all}). */
        public boolean fallbackUsed() {
            return repairs.contains(RepairKind.FALLBACK_PROBES) || repairs.contains(RepairKind.FALLBACK_LISTED);
        }

        /** "3 repair round(s) (FOOTPRINT, FOOTPRINT, FOOTPRINT), stopped: PASS". */
        public String summary() {
            return repairRounds() + " repair round(s)" + (repairs.isEmpty() ? "" : " " + repairs.toString()
                    .replace('[', '(').replace(']', ')')) + ", stopped: " + stop;
        }
    }

    private RepairLoop() {
    }

    /**
     * Repairs {@code start} until it passes.
     *
     * @param original the run the set was computed from; null when it is not at hand (every round
     *                 then judges by the fallback rule)
     */
    public static Outcome run(Manifest start, OriginalRun original, SourceTree source, Verifier verifier,
                              int maxRounds) throws IOException {
        Manifest current = start.withEntries("auto", start.entries());
        List<VerifyResult> results = new ArrayList<>();
        List<RepairKind> repairs = new ArrayList<>();
        for (int round = 0; ; round++) {
            Manifest set = current;
            Predicate<String> inSet = p -> set.entry(p) != null;
            TreeRun run = verifier.run(current, round);
            DependencyGraph reduced = DependencyGraph.read(run.trace());
            List<Divergence> diverged = original == null ? List.of() : Divergences.find(original, reduced, inSet);
            boolean fallback = diverged.isEmpty() && !run.passed();
            List<MissingFile> missing = new ArrayList<>();
            List<MissingFile> unlisted = List.of();
            if (run.commandNotFound() != null && !inSet.test(run.commandNotFound())) {
                missing.add(new MissingFile(run.commandNotFound(), 0, "depset", "exec"));
            }
            if (fallback) {
                IntPredicate failing = failingPids(reduced, run.failingSteps());
                Predicate<MissingFile> fresh = m -> !inSet.test(m.path())
                        && (original == null || !original.runtimeState(m.path()));
                missing.addAll(MissingFiles.in(run.trace(), source, failing).stream().filter(fresh).toList());
                unlisted = MissingFiles.listedIn(run.trace(), source, inSet, failing).stream().filter(fresh).toList();
            } else {
                diverged.forEach(d -> missing.add(d.asMissing()));
            }
            VerifyResult r = VerifyResult.ofRound(run, missing, unlisted, fallback, round);
            results.add(r);
            if (r.pass()) {
                return new Outcome(current, r, results, Stop.PASS, repairs);
            }
            if (round >= maxRounds) {
                return new Outcome(current, r, results, Stop.ROUNDS, repairs);
            }
            int next = round + 1;
            Repair.Step step = new Repair.Step(current, 0);
            RepairKind kind = null;
            if (run.commandNotFound() != null && !inSet.test(run.commandNotFound())) {
                step = Repair.extend(current, missing.subList(0, 1), source, next);
                kind = RepairKind.COMMAND;
            }
            if (!diverged.isEmpty()) {
                Repair.Step more = footprints(step.manifest(), original, diverged, next);
                step = new Repair.Step(more.manifest(), step.added() + more.added());
                kind = RepairKind.FOOTPRINT;
            }
            if (step.added() == 0 && fallback) {
                step = Repair.extend(current, missing, source, next, FALLBACK_NOTE);
                kind = RepairKind.FALLBACK_PROBES;
                if (step.added() == 0 && !unlisted.isEmpty()) {
                    // A program may open only what a listing showed it: the names of the directory
                    // listed last, one directory per round to stay small.
                    String dir = EntryPath.parent(unlisted.get(0).path());
                    step = Repair.extend(current, unlisted.stream().filter(m -> dir.equals(EntryPath.parent(m.path())))
                            .toList(), source, next, FALLBACK_NOTE);
                    kind = RepairKind.FALLBACK_LISTED;
                }
            }
            if (step.added() == 0) {
                return new Outcome(current, r, results, Stop.NOTHING_NEW, repairs);
            }
            repairs.add(kind);
            current = step.manifest();
        }
    }

    private static int depth(ProcessNode p) {
        int n = 0;
        for (ProcessNode q = p.parent(); q != null; q = q.parent()) {
            n++;
        }
        return n;
    }

    /** The pids of the failing steps' processes; every process of the run when no step is named. */
    private static IntPredicate failingPids(DependencyGraph reduced, List<String> failingSteps) {
        Set<Integer> pids = new HashSet<>();
        for (ProcessNode p : reduced.processes()) {
            if (reduced.inRun(p) && (failingSteps.isEmpty() || failingSteps.contains(p.step()))) {
                pids.add(p.pid());
            }
        }
        return pids::contains;
    }

    /**
     * The set with the original footprint of every process that diverged, the first divergence of
     * each naming it in the reason. Entries the set has keep their reasons.
     */
    static Repair.Step footprints(Manifest manifest, OriginalRun original, List<Divergence> diverged, int round) {
        Map<ProcessNode, Divergence> first = new LinkedHashMap<>();
        for (Divergence d : diverged) {
            first.putIfAbsent(d.original(), d);
        }
        // Deepest first: a file is credited to the innermost diverging process that touched it.
        List<Divergence> ordered = new ArrayList<>(first.values());
        ordered.sort(java.util.Comparator.comparingInt((Divergence d) -> depth(d.original())).reversed());
        List<ProcessNode> processes = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        for (Divergence d : ordered) {
            processes.add(d.original());
            rules.add("repair round " + round + ": " + d.process() + " diverged at " + d.path()
                    + "; its footprint in the original run");
        }
        List<ManifestEntry> found = ManifestFactory.entries(original.analysis(),
                original.footprint(processes, rules));
        Map<String, ManifestEntry> byPath = new TreeMap<>();
        manifest.entries().forEach(e -> byPath.put(e.path(), e));
        List<Reason> reasons = new ArrayList<>();
        int added = 0;
        for (ManifestEntry e : found) {
            if (!byPath.containsKey(e.path())) {
                // What came with the footprint (parent directories, link targets) says which round too.
                List<Reason> marked = e.reasons().stream().map(r -> r.rule().startsWith("repair round") ? r
                        : new Reason("repair round " + round + ": " + r.rule(), r.pid(), r.exe(), r.operation()))
                        .toList();
                byPath.put(e.path(), new ManifestEntry(e.path(), e.type(), e.mode(), e.uid(), e.gid(), e.size(),
                        e.mtime(), e.target(), e.linkGroup(), marked));
                added++;
                reasons.addAll(marked);
            }
        }
        Map<Integer, ManifestProcess> table = new TreeMap<>();
        manifest.processes().forEach(p -> table.put(p.pid(), p));
        ManifestFactory.processes(original.analysis(), reasons).forEach(p -> table.putIfAbsent(p.pid(), p));
        return new Repair.Step(manifest.withEntries(manifest.strategy(), List.copyOf(byPath.values()))
                .withProcesses(new ArrayList<>(table.values())), added);
    }
}
