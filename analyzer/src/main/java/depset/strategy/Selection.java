package depset.strategy;

import depset.graph.FileNode;
import depset.manifest.Reason;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The files a strategy chose, each with the reasons that chose it. Reasons are kept per file up
 * to {@link #MAX_PER_RULE} processes for each rule: libc is touched by every process, and its
 * first few reasons say as much as a thousand would.
 *
 * <p>Indexed by {@link FileNode#id()}, with each file's reasons an array replaced (never changed)
 * on every addition, so that {@link #copy()} — one per cumulative strategy — copies one array of
 * references, not every list.
 */
public final class Selection {
    /** At most this many reasons per file and rule. */
    public static final int MAX_PER_RULE = 8;
    private static final Reason[] NONE = new Reason[0];

    private FileNode[] files;
    private Reason[][] reasons;
    private int size;
    /** Per rule, the files that hold {@link #MAX_PER_RULE} reasons of it already: a bit test instead of a scan. */
    private final java.util.Map<String, java.util.BitSet> full;

    /** An empty selection; grows as files are added. */
    public Selection() {
        this(16);
    }

    /** An empty selection sized for a graph of {@code files} file nodes. */
    public Selection(int files) {
        this.files = new FileNode[Math.max(1, files)];
        this.reasons = new Reason[this.files.length][];
        this.full = new java.util.HashMap<>();
    }

    private Selection(FileNode[] files, Reason[][] reasons, int size, java.util.Map<String, java.util.BitSet> full) {
        this.files = files;
        this.reasons = reasons;
        this.size = size;
        this.full = full;
    }

    /** A copy that can grow without changing this one. */
    public Selection copy() {
        java.util.Map<String, java.util.BitSet> f = new java.util.HashMap<>();
        full.forEach((rule, bits) -> f.put(rule, (java.util.BitSet) bits.clone()));
        return new Selection(files.clone(), reasons.clone(), size, f);
    }

    /**
     * True when {@code file} already holds the most reasons kept for {@code rule}: a caller can
     * skip making another.
     */
    public boolean full(FileNode file, String rule) {
        java.util.BitSet bits = full.get(rule);
        return bits != null && bits.get(file.id());
    }

    /**
     * Adds a reason for {@code file}.
     *
     * @return true when the file was not selected before
     */
    public boolean add(FileNode file, Reason reason) {
        int id = file.id();
        if (id >= files.length) {
            int n = Math.max(id + 1, files.length * 2);
            files = Arrays.copyOf(files, n);
            reasons = Arrays.copyOf(reasons, n);
        }
        Reason[] list = reasons[id];
        if (list == null) {
            files[id] = file;
            reasons[id] = new Reason[] {reason};
            size++;
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
            Reason[] more = Arrays.copyOf(list, list.length + 1);
            more[list.length] = reason;
            reasons[id] = more;
            if (sameRule + 1 == MAX_PER_RULE) {
                full.computeIfAbsent(reason.rule(), r -> new java.util.BitSet()).set(id);
            }
        }
        return false;
    }

    public boolean contains(FileNode file) {
        int id = file.id();
        return id < files.length && files[id] == file;
    }

    /** The reasons of a selected file, empty if it is not selected. */
    public List<Reason> reasons(FileNode file) {
        return List.of(contains(file) ? reasons[file.id()] : NONE);
    }

    /** The first reason of a selected file. */
    Reason firstReason(FileNode file) {
        return reasons[file.id()][0];
    }

    /** True when some reason of {@code file} has this rule. */
    public boolean hasRule(FileNode file, String rule) {
        if (!contains(file)) {
            return false;
        }
        for (Reason r : reasons[file.id()]) {
            if (r.rule().equals(rule)) {
                return true;
            }
        }
        return false;
    }

    /** The selected files, a read-only view. */
    public Set<FileNode> files() {
        return new AbstractSet<>() {
            @Override
            public Iterator<FileNode> iterator() {
                return new Iterator<>() {
                    private int next = advance(0);

                    private int advance(int from) {
                        int i = from;
                        while (i < files.length && files[i] == null) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < files.length;
                    }

                    @Override
                    public FileNode next() {
                        if (next >= files.length) {
                            throw new NoSuchElementException();
                        }
                        FileNode f = files[next];
                        next = advance(next + 1);
                        return f;
                    }
                };
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof FileNode f && Selection.this.contains(f);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    public int size() {
        return size;
    }
}
