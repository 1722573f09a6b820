package depset.build;

import depset.manifest.Manifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Verify and repair until the run passes: verify the set, add what the failing run probed and the
 * source has (failed lookups first; when they give nothing new, the names of the directories the
 * run listed), and again, until it passes, nothing new is found, or the rounds run out. This is how
 * the {@code auto} strategy needs no manual tweaks.
 */
public final class RepairLoop {
    /** Runs the command inside the tree of a set and judges the run. */
    @FunctionalInterface
    public interface Verifier {
        VerifyResult verify(Manifest set, int round) throws IOException;
    }

    /**
     * Where the loop stopped.
     *
     * @param manifest the last set (strategy "auto")
     * @param result   the last verification
     * @param rounds   every verification, in order
     * @param stop     why it stopped: "pass", "nothing new", "rounds"
     */
    public record Outcome(Manifest manifest, VerifyResult result, List<VerifyResult> rounds, String stop) {
        public Outcome {
            rounds = List.copyOf(rounds);
        }
    }

    private RepairLoop() {
    }

    public static Outcome run(Manifest start, SourceTree source, Verifier verifier, int maxRounds) throws IOException {
        Manifest current = start.withEntries("auto", start.entries());
        List<VerifyResult> results = new ArrayList<>();
        for (int round = 0; ; round++) {
            VerifyResult r = verifier.verify(current, round);
            results.add(r);
            if (r.pass()) {
                return new Outcome(current, r, results, "pass");
            }
            if (round >= maxRounds) {
                return new Outcome(current, r, results, "rounds");
            }
            Manifest set = current;
            List<MissingFile> fresh = r.missing().stream().filter(m -> set.entry(m.path()) == null).toList();
            Repair.Step step = Repair.extend(current, fresh, source, round + 1);
            if (step.added() == 0) {
                // No lookup failed for anything new: fall back on the names of the directory the
                // run listed last among those with names the set lacks (a program may open only
                // what a listing showed it), one directory per round to stay small.
                List<MissingFile> listed = r.unlisted().stream().filter(m -> set.entry(m.path()) == null).toList();
                if (!listed.isEmpty()) {
                    String dir = EntryPath.parent(listed.get(0).path());
                    listed = listed.stream().filter(m -> dir.equals(EntryPath.parent(m.path()))).toList();
                }
                step = Repair.extend(current, listed, source, round + 1);
            }
            if (step.added() == 0) {
                return new Outcome(current, r, results, "nothing new");
            }
            current = step.manifest();
        }
    }
}
