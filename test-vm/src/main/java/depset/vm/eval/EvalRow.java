package depset.vm.eval;

import java.util.List;

/**
 * One row of the evaluation table.
 *
 * @param test            the sequence
 * @param strategy        a strategy's name, {@value #COMPLETE}, {@value #REPROZIP} or {@value StracePeer#NAME}
 * @param bytes           bytes of regular files of the tree on disk (-1: not measured)
 * @param compressedBytes the tree as tar.gz (for ReproZip: the packed .rpz) (-1: not measured)
 * @param files           non-directory entries (-1: not measured)
 * @param functional      whether the sequence passed in the tree; null when it could not be run
 * @param whyNot          the first failing step and its reason, or why the row has no result
 * @param missing         names the failing step's output says were missing
 * @param unseenPassed    how many of the sequence's {@code verify} steps (never traced) passed in the tree;
 *                        -1 when not measured or the sequence has none
 * @param unseenTotal     how many {@code verify} steps the sequence has (-1: not measured)
 */
public record EvalRow(String test, String strategy, long bytes, long compressedBytes, long files,
                      Boolean functional, String whyNot, List<String> missing, int unseenPassed, int unseenTotal) {
    /** The row of the complete guest the sequence was traced in. */
    public static final String COMPLETE = "complete guest";
    /** The row of ReproZip's pack of the same sequence. */
    public static final String REPROZIP = "reprozip";

    public EvalRow {
        missing = List.copyOf(missing);
        whyNot = whyNot == null ? "" : whyNot;
    }

    /** A row without unseen steps. */
    public EvalRow(String test, String strategy, long bytes, long compressedBytes, long files, Boolean functional,
                   String whyNot, List<String> missing) {
        this(test, strategy, bytes, compressedBytes, files, functional, whyNot, missing, -1, -1);
    }

    /** The same row with other words for why not. */
    EvalRow withWhyNot(String why) {
        return new EvalRow(test, strategy, bytes, compressedBytes, files, functional, why, missing, unseenPassed,
                unseenTotal);
    }

    /** "passed/total" of the unseen steps, or "–". */
    public String unseen() {
        return unseenTotal < 0 ? "–" : unseenPassed + "/" + unseenTotal;
    }

    /** A row without figures: the step that should have produced them failed. */
    static EvalRow unmeasured(String test, String strategy, String why) {
        return new EvalRow(test, strategy, -1, -1, -1, null, why, List.of());
    }

    static EvalRow measured(String test, String strategy, TreeFigures tree, Boolean functional, String whyNot,
                            List<String> missing) {
        return new EvalRow(test, strategy, tree.size().bytes(), tree.compressedBytes(), tree.size().entries(),
                functional, whyNot, missing);
    }
}
