package depset.diff;

import depset.manifest.ManifestEntry;
import depset.trace.FileType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path present in both sets whose metadata differs.
 *
 * @param path    the path
 * @param before  the entry in the first set
 * @param after   the entry in the second set
 * @param changes the fields that differ, never empty
 */
public record EntryChange(String path, ManifestEntry before, ManifestEntry after, List<FieldChange> changes) {
    public EntryChange {
        changes = List.copyOf(changes);
    }

    /**
     * The fields that differ between two entries: type, mode, owner, size, target. The mtime and the
     * hard-link group are left out on purpose: they say when and where a file was written, not what the
     * deployed tree will hold, and they differ between two traces of one unchanged root only by accident.
     */
    public static List<FieldChange> compare(ManifestEntry a, ManifestEntry b) {
        List<FieldChange> out = new ArrayList<>();
        if (a.type() != b.type()) {
            out.add(new FieldChange("type", typeName(a.type()), typeName(b.type())));
        }
        if (a.mode() != b.mode()) {
            out.add(new FieldChange("mode", octal(a.mode()), octal(b.mode())));
        }
        if (a.uid() != b.uid() || a.gid() != b.gid()) {
            out.add(new FieldChange("owner", a.uid() + ":" + a.gid(), b.uid() + ":" + b.gid()));
        }
        if (a.size() != b.size()) {
            out.add(new FieldChange("size", Long.toString(a.size()), Long.toString(b.size())));
        }
        if (!Objects.equals(a.target(), b.target())) {
            out.add(new FieldChange("target", String.valueOf(a.target()), String.valueOf(b.target())));
        }
        return out;
    }

    static String octal(int mode) {
        return String.format("%04o", mode);
    }

    private static String typeName(FileType t) {
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }
}
