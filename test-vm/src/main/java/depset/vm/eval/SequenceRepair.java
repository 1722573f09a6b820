package depset.vm.eval;

import depset.build.OriginalRun;
import depset.build.RepairLoop;
import depset.build.SourceTree;
import depset.build.TreeRun;
import depset.fsops.PosixFiles;
import depset.manifest.Manifest;
import depset.vm.run.SequenceResult;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code auto} strategy for a sequence: the builder's {@link RepairLoop} from the {@code strict}
 * set, where each round writes the set as a tree, traces the sequence in it, and hands the loop that
 * trace and the failing steps, to be judged against the original traced run. A round passes when
 * every step passes and no process diverged from the original run. Rounds run every step even
 * after one failed, so that each round sees what all the steps miss.
 */
public final class SequenceRepair {
    /** Rounds before the loop gives up. */
    public static final int MAX_ROUNDS = 20;

    private final SequenceTracer tracer;
    private final SetTreeWriter trees;
    private final PrintStream progress;

    public SequenceRepair(SequenceTracer tracer, SetTreeWriter trees, PrintStream progress) {
        this.tracer = tracer;
        this.trees = trees;
        this.progress = progress;
    }

    /**
     * Repairs {@code strict} until {@code sequence} passes in its tree; works in {@code dir}.
     *
     * @param original the traced run of the sequence in the complete guest that strict was computed from
     */
    public RepairLoop.Outcome repair(Sequence sequence, Manifest strict, OriginalRun original, Path guest, Path dir)
            throws IOException {
        SourceTree source = new SourceTree(guest, PosixFiles.system());
        return RepairLoop.run(strict, original, source, (set, round) -> {
            Path tree = dir.resolve("auto-round-" + round);
            Evaluation.removeTree(tree);
            trees.write(set, guest, tree);
            Path trace = dir.resolve("auto-round-" + round + ".jsonl");
            SequenceResult r = tracer.trace(sequence, tree, trace);
            Evaluation.removeTree(tree);
            progress.println("depset eval: " + sequence.name() + ": auto round " + round + ": " + set.entries().size()
                    + " entries, " + r.summary());
            progress.flush();
            List<String> failing = r.steps().stream().filter(s -> !s.passed()).map(s -> s.step().describe()).toList();
            return new TreeRun(0, r.passed() ? 0 : 1, null, trace, failing, null);
        }, MAX_ROUNDS);
    }
}
