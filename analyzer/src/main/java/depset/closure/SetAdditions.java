package depset.closure;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.meta.DpkgDatabase;
import depset.meta.DpkgDatabases;
import depset.meta.SourceRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set being completed by closures: its entries by path, and a way to add a path of the source
 * root with what a process needs to reach it — the symlinks on the way (rule
 * "CLOSURE: {@value #SYMLINK}") and the parent directories ("CLOSURE: {@value #PARENT}"), each
 * pointing back at the file it was added for. Entries already in the set are never changed: a
 * closure's reasons are on the files it added, so that what it cost can be told from the set.
 * The evaluation's strace row builds its set the same way, from the paths strace saw.
 */
public final class SetAdditions {
    static final String SYMLINK = "symlink on the way";
    static final String PARENT = "parent directory";

    private final SourceRoot root;
    private final DpkgDatabases databases;
    private final Map<String, ManifestEntry> entries = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();

    public SetAdditions(Manifest start, SourceRoot root) {
        this(start, root, new DpkgDatabases());
    }

    /** As above; the source root's dpkg database comes from {@code databases}, read there at most once. */
    public SetAdditions(Manifest start, SourceRoot root, DpkgDatabases databases) {
        this.root = root;
        this.databases = databases;
        for (ManifestEntry e : start.entries()) {
            entries.put(e.path(), e);
        }
    }

    SourceRoot root() {
        return root;
    }

    DpkgDatabase dpkg() throws IOException {
        return databases.of(root.root());
    }

    boolean contains(String path) {
        return entries.containsKey(path);
    }

    Collection<ManifestEntry> entries() {
        return entries.values();
    }

    void warn(String line) {
        warnings.add(line);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * Adds {@code path} as a process would reach it: the symlinks met on the way (including
     * {@code path} itself when it is one), then the file they lead to, with {@code reason}; then
     * the parent directories of everything added.
     *
     * @param closure the closure's name, the prefix of the rules of the links and parents
     * @return the path with every symlink followed (the file now in the set), or null when it does
     *         not exist in the root
     */
    public String addFollowing(String path, Reason reason, String closure) {
        List<String> links = new ArrayList<>();
        String real = root.follow(path, links::add);
        if (real == null) {
            return null;
        }
        // When the name itself is a symlink (a package's link, a program's PT_INTERP), it is the
        // file that was needed, not a link on the way.
        String parent = parentOf(path);
        String parentReal = parent == null ? "" : root.follow(parent);
        String itself = parentReal == null ? null : parentReal + path.substring(path.lastIndexOf('/'));
        List<String> onTheWay = new ArrayList<>(links);
        if (itself != null && onTheWay.remove(itself)) {
            addExact(itself, reason, closure);
        }
        addLinks(onTheWay, reason, closure);
        addExact(real, reason, closure);
        return real;
    }

    /** Adds the symlinks {@code links} (paths in the root, each with its parents) for the file of {@code reason}. */
    void addLinks(List<String> links, Reason reason, String closure) {
        for (String link : links) {
            addExact(link, Reason.needed(closure + ": " + SYMLINK, reason.operation(), reason.from()), closure);
        }
    }

    /**
     * Adds the entry at {@code path} itself (not followed) and its missing parents; false when it
     * was in the set already or does not exist.
     */
    boolean addExact(String path, Reason reason, String closure) {
        if (entries.containsKey(path)) {
            return false;
        }
        ManifestEntry e = root.entry(path, List.of(reason));
        if (e == null) {
            return false;
        }
        entries.put(path, e);
        String child = path;
        for (String dir = parentOf(path); dir != null && !entries.containsKey(dir); child = dir, dir = parentOf(dir)) {
            ManifestEntry d = root.entry(dir, List.of(Reason.needed(closure + ": " + PARENT, "lookup " + child, child)));
            if (d == null) {
                break;
            }
            entries.put(dir, d);
        }
        return true;
    }

    /** The set with the additions, named {@code strategy}. */
    public Manifest manifest(Manifest start, String strategy) {
        return start.withEntries(strategy, List.copyOf(entries.values()));
    }

    /** The parent of an absolute path; null for a top-level name (the root directory is the builder's). */
    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? null : path.substring(0, slash);
    }
}
