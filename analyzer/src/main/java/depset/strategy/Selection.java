package depset.strategy;

import depset.graph.FileNode;
import depset.manifest.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files a strategy chose, each with the reasons that chose it. Reasons are kept per file up
 * to {@link #MAX_PER_RULE} processes for each rule: libc is touched by every process, and its
 * first few reasons say as much as a thousand would.
 */
public final class Selection {
    /** At most this many reasons per file and rule. */
    public static final int MAX_PER_RULE = 8;

    private final Map<FileNode, List<Reason>> reasons;

    public Selection() {
        this.reasons = new HashMap<>();
    }

    private Selection(Map<FileNode, List<Reason>> reasons) {
        this.reasons = reasons;
    }

    /** A copy that can grow without changing this one. */
    public Selection copy() {
        Map<FileNode, List<Reason>> m = new HashMap<>(reasons.size() * 2);
        reasons.forEach((f, r) -> m.put(f, new ArrayList<>(r)));
        return new Selection(m);
    }

    /**
     * Adds a reason for {@code file}.
     *
     * @return true when the file was not selected before
     */
    public boolean add(FileNode file, Reason reason) {
        List<Reason> list = reasons.get(file);
        if (list == null) {
            list = new ArrayList<>(2);
            list.add(reason);
            reasons.put(file, list);
            return true;
        }
        int sameRule = 0;
        for (Reason r : list) {
            if (r.equals(reason)) {
                return false;
            }
            if (r.rule().equals(reason.rule())) {
                sameRule++;
            }
        }
        if (sameRule < MAX_PER_RULE) {
            list.add(reason);
        }
        return false;
    }

    public boolean contains(FileNode file) {
        return reasons.containsKey(file);
    }

    /** The reasons of a selected file, empty if it is not selected. */
    public List<Reason> reasons(FileNode file) {
        List<Reason> r = reasons.get(file);
        return r == null ? List.of() : Collections.unmodifiableList(r);
    }

    /** True when some reason of {@code file} has this rule. */
    public boolean hasRule(FileNode file, String rule) {
        for (Reason r : reasons(file)) {
            if (r.rule().equals(rule)) {
                return true;
            }
        }
        return false;
    }

    public Set<FileNode> files() {
        return Collections.unmodifiableSet(reasons.keySet());
    }

    public int size() {
        return reasons.size();
    }
}
