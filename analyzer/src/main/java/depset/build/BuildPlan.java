package depset.build;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.trace.FileType;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a build writes, whatever the output: the manifest's entries as the source holds them now,
 * with every parent directory (its own metadata from the source) and the {@link Skeleton}, sorted by path so that a parent
 * comes before its children and hard links after the name they link to. The root "/" itself is
 * the first item.
 *
 * @param items    sorted by path, root first
 * @param problems what did not match the source (empty unless the build was told to go on)
 * @param manifest the manifest planned, with the {@link Skeleton}'s entries (rule "skeleton") it lacked
 */
public record BuildPlan(List<PlanItem> items, SourceProblems problems, Manifest manifest) {
    public BuildPlan {
        items = List.copyOf(items);
    }

    /**
     * Plans the build of {@code manifest} from {@code source}.
     *
     * @param allowChanged go on when entries are missing (left out), changed (copied as they are
     *                     now) or lie under a symlink of the source (left out)
     * @throws SourceMismatchException when something does not match and {@code allowChanged} is
     *                                 false, or an entry climbs out of the root (always)
     */
    public static BuildPlan of(Manifest manifest, SourceTree source, boolean allowChanged)
            throws IOException, SourceMismatchException {
        List<String> unsafe = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        TreeMap<String, PlanItem> items = new TreeMap<>();
        boolean climbs = false;
        for (ManifestEntry e : manifest.entries()) {
            String why = EntryPath.unsafe(e.path());
            if (why != null) {
                unsafe.add(e.path() + " (" + why + ")");
                climbs = true;
                continue;
            }
            SourceFile f;
            try {
                f = source.stat(e.path());
            } catch (NoSuchFileException ex) {
                missing.add(e.path());
                continue;
            } catch (NotDirectoryException ex) {
                unsafe.add(e.path() + " (" + ex.getFile() + " is not a directory in the source)");
                continue;
            }
            if (changed(e, f)) {
                changed.add(e.path());
            }
            items.put(e.path(), new PlanItem(f, null, true));
        }
        SourceProblems problems = new SourceProblems(unsafe, missing, changed);
        if (climbs || (!allowChanged && !problems.isEmpty())) {
            throw new SourceMismatchException(problems,
                    climbs ? "a manifest path must be absolute and normal" : "--allow-changed builds anyway");
        }
        for (PlanItem skeleton : Skeleton.items(items, source)) {
            items.putIfAbsent(skeleton.path(), skeleton);
        }
        Manifest planned = Skeleton.addTo(manifest, source);
        addParents(items, source);
        return new BuildPlan(linkHardLinks(items, planned), problems, planned);
    }

    private static boolean changed(ManifestEntry e, SourceFile f) {
        if (e.type() != f.type()) {
            return true;
        }
        if (f.type() == FileType.DIRECTORY) {
            return false; // a directory's mtime moves whenever a name in it does; its names are entries
        }
        if (f.type() == FileType.SYMLINK) {
            return e.target() != null && !e.target().equals(f.target());
        }
        return e.size() != f.size() || e.mtime() != f.mtime();
    }

    private static void addParents(TreeMap<String, PlanItem> items, SourceTree source) throws IOException {
        List<String> listed = new ArrayList<>(items.keySet());
        for (String path : listed) {
            for (String p = EntryPath.parent(path); p != null && !items.containsKey(p); p = EntryPath.parent(p)) {
                items.put(p, new PlanItem(source.stat(p), null, false));
            }
        }
        if (!items.containsKey("/")) {
            items.put("/", new PlanItem(source.stat("/"), null, false));
        }
    }

    /**
     * Marks the later names of each hard-linked inode. The manifest's link groups say which names
     * were one inode at trace time; they stay one only when the source still agrees.
     */
    private static List<PlanItem> linkHardLinks(TreeMap<String, PlanItem> items, Manifest manifest) {
        Map<String, String> firstOfGroup = new HashMap<>();
        List<PlanItem> out = new ArrayList<>(items.size());
        for (PlanItem item : items.values()) {
            ManifestEntry e = item.listed() ? manifest.entry(item.path()) : null;
            if (e != null && e.linkGroup() != null && item.file().type() == FileType.FILE) {
                String key = e.linkGroup() + "|" + item.file().inode();
                String first = firstOfGroup.putIfAbsent(key, item.path());
                if (first != null) {
                    out.add(new PlanItem(item.file(), first, true));
                    continue;
                }
            }
            out.add(item);
        }
        return out;
    }

    /** The manifest-named items only. */
    public List<PlanItem> listed() {
        return items.stream().filter(PlanItem::listed).toList();
    }
}
