package depset.diff;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.trace.FileType;
import java.util.ArrayList;
import java.util.List;

/**
 * The difference between two deployment sets A and B: what B adds, what it drops, what differs, and
 * the bytes gained and lost going from A to B. Each listed entry keeps its reasons, so a diff says
 * not only that a file appeared but which process made the second set want it.
 *
 * @param a           a name for the first set (its file name)
 * @param b           a name for the second set
 * @param added       entries only in B (with B's reasons)
 * @param removed     entries only in A (with A's reasons)
 * @param changed     paths in both whose metadata differs
 * @param bytesGained bytes of regular files B adds, plus growth of changed files
 * @param bytesLost   bytes of regular files B drops, plus shrinkage of changed files
 */
public record ManifestDiff(String a, String b, List<ManifestEntry> added, List<ManifestEntry> removed,
                           List<EntryChange> changed, long bytesGained, long bytesLost) {
    public ManifestDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /** Compares two manifests; both are sorted by path, so one merge walk does it. */
    public static ManifestDiff of(String nameA, Manifest a, String nameB, Manifest b) {
        List<ManifestEntry> added = new ArrayList<>();
        List<ManifestEntry> removed = new ArrayList<>();
        List<EntryChange> changed = new ArrayList<>();
        long gained = 0;
        long lost = 0;
        List<ManifestEntry> ea = a.entries();
        List<ManifestEntry> eb = b.entries();
        int i = 0;
        int j = 0;
        while (i < ea.size() || j < eb.size()) {
            int cmp = i == ea.size() ? 1 : j == eb.size() ? -1 : ea.get(i).path().compareTo(eb.get(j).path());
            if (cmp < 0) {
                ManifestEntry e = ea.get(i++);
                removed.add(e);
                lost += fileBytes(e);
            } else if (cmp > 0) {
                ManifestEntry e = eb.get(j++);
                added.add(e);
                gained += fileBytes(e);
            } else {
                ManifestEntry x = ea.get(i++);
                ManifestEntry y = eb.get(j++);
                List<FieldChange> fields = EntryChange.compare(x, y);
                if (!fields.isEmpty()) {
                    changed.add(new EntryChange(x.path(), x, y, fields));
                    long delta = fileBytes(y) - fileBytes(x);
                    if (delta > 0) {
                        gained += delta;
                    } else {
                        lost -= delta;
                    }
                }
            }
        }
        return new ManifestDiff(nameA, nameB, added, removed, changed, gained, lost);
    }

    /** True when the two sets hold the same paths with the same metadata (reasons may differ). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    private static long fileBytes(ManifestEntry e) {
        return e.type() == FileType.FILE ? e.size() : 0;
    }
}
