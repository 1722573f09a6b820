package depset.meta;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps every shipped package's copyright file in a deployment set: copying a package's binaries
 * without its license is the licensing problem depset exists to avoid. The copyright files, the
 * symlinks on the way to them ({@code /usr/share/doc/g++ -> cpp}) and their parent directories join
 * the set with the rule {@value #RULE} (parents: {@value #PARENT_RULE}).
 */
public final class LicenseFiles {
    /** The rule of a copyright file (and the symlinks to it) added by this class. */
    public static final String RULE = "license";
    /** The rule of a directory added because a license file lies below it. */
    public static final String PARENT_RULE = "parent-directory";

    private LicenseFiles() {
    }

    /** {@code manifest} with the copyright files of its packages, read from {@code sourceRoot}. */
    public static Manifest withLicenses(Manifest manifest, Path sourceRoot) throws IOException {
        return withLicenses(manifest, sourceRoot, DpkgDatabase.read(sourceRoot));
    }

    /**
     * As {@link #withLicenses(Manifest, Path)}, with {@code sourceRoot}'s database already read: a
     * command that adds them to several sets reads it once.
     */
    public static Manifest withLicenses(Manifest manifest, Path sourceRoot, DpkgDatabase db) throws IOException {
        SourceRoot root = SourceRoot.of(sourceRoot);
        LicenseTable table = LicenseTable.of(manifest, db, root);
        Map<String, ManifestEntry> byPath = new TreeMap<>();
        for (ManifestEntry e : manifest.entries()) {
            byPath.put(e.path(), e);
        }
        Reason license = new Reason(RULE, 0, null, "copyright");
        Reason parent = new Reason(PARENT_RULE, 0, null, null);
        for (LicenseTable.Row row : table.rows()) {
            Set<String> links = new LinkedHashSet<>();
            String real = root.follow("/usr/share/doc/" + row.pkg() + "/copyright", links::add);
            if (real == null) {
                continue;
            }
            List<String> wanted = new ArrayList<>(links);
            wanted.add(real);
            for (String path : wanted) {
                add(byPath, root, path, license);
                for (String dir = parentOf(path); dir != null; dir = parentOf(dir)) {
                    add(byPath, root, dir, parent);
                }
            }
        }
        return new Manifest(manifest.schemaVersion(), manifest.sourceRoot(), manifest.strategy(), manifest.important(),
                manifest.command(), manifest.traces(), List.copyOf(byPath.values()), null, manifest.processes(),
                manifest.exitStatus());
    }

    private static void add(Map<String, ManifestEntry> byPath, SourceRoot root, String path, Reason reason) {
        ManifestEntry have = byPath.get(path);
        if (have != null) {
            if (reason.rule().equals(RULE) || have.type() != FileType.DIRECTORY) {
                byPath.put(path, have.withReasons(List.of(reason)));
            }
            return;
        }
        ManifestEntry e = root.entry(path, List.of(reason));
        if (e != null) {
            byPath.put(path, e);
        }
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            return null; // the root directory itself is the builder's to make
        }
        return path.substring(0, slash);
    }
}
