package depset.closure;

import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.meta.DpkgDatabase;
import depset.meta.Owner;
import depset.trace.FileType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code packages}: the Debian packages the set uses — those owning a file or symlink of it (a
 * shared directory such as {@code /usr} makes no package "used") — completed from the source root's
 * dpkg database with the files of the chosen kinds. Each added file names the package and the file of
 * the set through which the package counted as used.
 *
 * @param named only these packages (empty: every used one); a named package the set does not use is
 *              a warning, not a completion, since no file of the set would have needed it
 * @param kinds which files of each package ({@link PackageFileKind#DEFAULT} leaves the documentation out)
 */
public record PackageClosure(List<String> named, Set<PackageFileKind> kinds) implements Closure {
    public static final String NAME = "packages";
    public static final String RULE = NAME + ": file of a package the set uses";

    public PackageClosure {
        named = List.copyOf(named);
        kinds = Set.copyOf(kinds);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void close(SetAdditions set) throws IOException {
        DpkgDatabase db = set.dpkg();
        if (db.packages().isEmpty()) {
            set.warn("packages: the source root has no dpkg database; nothing to complete");
            return;
        }
        Map<String, String> used = new TreeMap<>(); // package → the first entry of the set it owns
        for (ManifestEntry e : set.entries()) {
            if (e.type() == FileType.DIRECTORY) {
                continue;
            }
            for (Owner o : db.owners(e.path())) {
                used.putIfAbsent(o.pkg(), e.path());
            }
        }
        if (!named.isEmpty()) {
            for (String n : named) {
                if (db.pkg(n) == null) {
                    set.warn("packages: " + n + " is not installed in the source root");
                } else if (!used.containsKey(n)) {
                    set.warn("packages: the set uses no file of " + n + "; not completed");
                }
            }
            used.keySet().retainAll(Set.copyOf(named));
        }
        for (Map.Entry<String, String> u : used.entrySet()) {
            Reason why = Reason.needed(RULE, "package " + u.getKey(), u.getValue());
            for (String path : db.files(u.getKey())) {
                if (!path.equals("/") && kinds.contains(PackageFileKind.of(path))) {
                    set.addFollowing(path, why, NAME);
                }
            }
        }
    }
}
