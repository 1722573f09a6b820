package depset.build;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of running the traced command again inside a built tree.
 *
 * @param pass           true when the status (and the output, when compared) match and no file is
 *                       missing (for a repair round: no process diverged from the original run)
 * @param expectedStatus the original run's exit status
 * @param status         the status inside the tree
 * @param outputCompared whether the standard output was compared
 * @param outputSame     whether it was the same (true when not compared)
 * @param missing        paths probed in vain inside the tree that the source has, sorted by path; for
 *                       a repair round, where processes diverged from the original run (with the
 *                       original process), or, with {@code fallback}, the first rule's paths for
 *                       the failing steps' processes
 * @param unlisted       names the source has in directories the run listed, which the tree lacks
 *                       (see {@link MissingFiles#listedIn}); not a failure by themselves, repair's
 *                       second resort
 * @param round          the repair round (0 for a plain verify)
 * @param fallback       true when nothing diverged from the original run although a step failed, so
 *                       {@code missing} holds what the failing steps' processes probed in vain and
 *                       the source has (the rule of a plain verify)
 */
public record VerifyResult(boolean pass, int expectedStatus, int status, boolean outputCompared, boolean outputSame,
                           List<MissingFile> missing, List<MissingFile> unlisted, int round, boolean fallback) {
    public VerifyResult {
        missing = List.copyOf(missing);
        unlisted = List.copyOf(unlisted);
    }

    /** Judges a run: PASS needs the same status, the same output when compared, and nothing missing. */
    public static VerifyResult judge(int expectedStatus, int status, Boolean outputSame, List<MissingFile> missing,
                                     List<MissingFile> unlisted, int round) {
        boolean same = outputSame == null || outputSame;
        return new VerifyResult(status == expectedStatus && same && missing.isEmpty(), expectedStatus, status,
                outputSame != null, same, missing, unlisted, round, false);
    }

    /**
     * Judges a repair round: PASS needs the run to pass and no process to diverge from the original
     * run ({@code missing} are the divergences, or with {@code fallback} the paths of the fallback rule).
     */
    public static VerifyResult ofRound(TreeRun run, List<MissingFile> missing, List<MissingFile> unlisted,
                                       boolean fallback, int round) {
        boolean same = run.outputSame() == null || run.outputSame();
        return new VerifyResult(run.passed() && missing.isEmpty(), run.expectedStatus(), run.status(),
                run.outputSame() != null, same, missing, unlisted, round, fallback);
    }

    /** Lines for a terminal: PASS or FAIL and why, then the missing paths with who wanted them. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        List<String> why = new ArrayList<>();
        if (status != expectedStatus) {
            why.add("exit status " + status + ", expected " + expectedStatus);
        }
        if (!outputSame) {
            why.add("the output differs");
        }
        if (!missing.isEmpty()) {
            why.add(missing.size() + " missing " + (missing.size() == 1 ? "file" : "files")
                    + (fallback ? " (nothing diverged from the original run: probed in vain by the failing steps)" : ""));
        }
        out.add(pass ? "PASS (exit status " + status + (outputCompared ? ", same output" : "") + ")"
                : "FAIL: " + String.join(", ", why));
        int n = Math.min(SourceProblems.SHOWN, missing.size());
        for (int i = 0; i < n; i++) {
            MissingFile m = missing.get(i);
            out.add("  missing " + depset.trace.FileNames.printable(m.path()) + "  (" + m.operation() + " by " + m.process() + ")");
        }
        if (missing.size() > n) {
            out.add("  and " + (missing.size() - n) + " more");
        }
        return out;
    }
}
