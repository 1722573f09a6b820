package depset.diff;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The union of several deployment sets of one root, e.g. one service exercised by several workloads.
 * Every reason keeps the run it came from ({@link Reason#run()}): a reason that already names a run
 * (an input that is itself a merge) keeps it, the others are tagged with the input's name. Two inputs
 * that disagree on a path's type, mode, owner, size or target cannot both be right about the same
 * root, so that is an error naming the path rather than a silent pick.
 */
public final class ManifestMerge {
    /** The strategy name of a merged set. */
    public static final String STRATEGY = "merge";

    private ManifestMerge() {
    }

    /**
     * One set to merge.
     *
     * @param name     the run's name that its reasons will carry (its file name)
     * @param manifest the set
     */
    public record Input(String name, Manifest manifest) {
    }

    /**
     * Merges the inputs.
     *
     * @throws MergeConflictException when two inputs disagree on a path, or come from different roots
     * @throws IllegalArgumentException when there is no input
     */
    public static Manifest merge(List<Input> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        String root = inputs.get(0).manifest().sourceRoot();
        for (Input in : inputs) {
            if (!java.util.Objects.equals(root, in.manifest().sourceRoot())) {
                throw new MergeConflictException(null, in.name() + " comes from root " + in.manifest().sourceRoot()
                        + " but " + inputs.get(0).name() + " from " + root + ": sets of different roots do not merge");
            }
        }
        Map<String, ManifestEntry> byPath = new TreeMap<>();
        Map<String, String> firstSeenIn = new TreeMap<>();
        LinkedHashSet<String> important = new LinkedHashSet<>();
        LinkedHashSet<String> traces = new LinkedHashSet<>();
        List<String> command = List.of();
        for (Input in : inputs) {
            Manifest m = in.manifest();
            important.addAll(m.important());
            traces.addAll(m.traces());
            if (command.isEmpty()) {
                command = m.command(); // a merged set has several commands; verify runs the first one's
            }
            for (ManifestEntry e : m.entries()) {
                List<Reason> tagged = new ArrayList<>(e.reasons().size());
                for (Reason r : e.reasons()) {
                    tagged.add(r.run() == null ? r.fromRun(in.name()) : r);
                }
                ManifestEntry prev = byPath.get(e.path());
                if (prev == null) {
                    byPath.put(e.path(), new ManifestEntry(e.path(), e.type(), e.mode(), e.uid(), e.gid(), e.size(),
                            e.mtime(), e.target(), e.linkGroup(), tagged));
                    firstSeenIn.put(e.path(), in.name());
                } else {
                    List<FieldChange> diff = EntryChange.compare(prev, e);
                    if (!diff.isEmpty()) {
                        StringBuilder sb = new StringBuilder();
                        for (FieldChange f : diff) {
                            sb.append(sb.length() == 0 ? "" : ", ").append(f.field()).append(' ')
                                    .append(f.before()).append(" vs ").append(f.after());
                        }
                        throw new MergeConflictException(e.path(), e.path() + ": " + firstSeenIn.get(e.path())
                                + " and " + in.name() + " disagree (" + sb + ")");
                    }
                    byPath.put(e.path(), prev.withReasons(tagged));
                }
            }
        }
        return Manifest.of(root, STRATEGY, List.copyOf(important), command, List.copyOf(traces),
                List.copyOf(byPath.values()));
    }
}
