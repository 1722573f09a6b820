package depset.meta;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.trace.FileType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The packages a deployment set ships and their licenses, and the entries no package owns (the
 * developer's own code and configuration, and files generated at install time such as
 * {@code /etc/ld.so.cache}).
 *
 * <p>A package is shipped when it owns at least one entry that is not a directory: directories like
 * {@code /usr} are listed by dozens of packages, and shipping one says nothing about their files.
 *
 * @param rows    one per shipped package, sorted by name
 * @param unowned entries that are not directories and that no package owns, sorted by path
 * @param owners  every entry's owners, by path (absent when none)
 */
public record LicenseTable(List<Row> rows, List<ManifestEntry> unowned, Map<String, List<Owner>> owners) {
    public LicenseTable {
        rows = List.copyOf(rows);
        unowned = List.copyOf(unowned);
        owners = Collections.unmodifiableMap(new LinkedHashMap<>(owners));
    }

    /**
     * One shipped package.
     *
     * @param pkg       the package name
     * @param version   its installed version ("" when dpkg's status does not list it)
     * @param copyright what its copyright file says
     * @param files     entries of the set it owns, directories not counted
     * @param bytes     bytes of the regular files among them
     */
    public record Row(String pkg, String version, CopyrightFile copyright, long files, long bytes) {
    }

    /** The table for {@code manifest}, from the database and copyright files of {@code root}. */
    public static LicenseTable of(Manifest manifest, DpkgDatabase db, SourceRoot root) {
        Map<String, long[]> counts = new TreeMap<>();
        List<ManifestEntry> unowned = new ArrayList<>();
        Map<String, List<Owner>> owners = new LinkedHashMap<>();
        for (ManifestEntry e : manifest.entries()) {
            List<Owner> o = db.owners(e.path());
            if (!o.isEmpty()) {
                owners.put(e.path(), o);
            }
            if (e.type() == FileType.DIRECTORY) {
                continue;
            }
            if (o.isEmpty()) {
                unowned.add(e);
                continue;
            }
            for (Owner owner : o) {
                long[] c = counts.computeIfAbsent(owner.pkg(), k -> new long[2]);
                c[0]++;
                c[1] += e.type() == FileType.FILE ? e.size() : 0;
            }
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((pkg, c) -> {
            InstalledPackage p = db.pkg(pkg);
            rows.add(new Row(pkg, p == null ? "" : p.version(), CopyrightFile.of(root, pkg), c[0], c[1]));
        });
        return new LicenseTable(rows, unowned, owners);
    }

    /** Reads the database of {@code root} and makes the table. */
    public static LicenseTable of(Manifest manifest, java.nio.file.Path root) throws java.io.IOException {
        return of(manifest, DpkgDatabase.read(root), SourceRoot.of(root));
    }

    /** The row of {@code pkg}, or null. */
    public Row row(String pkg) {
        for (Row r : rows) {
            if (r.pkg().equals(pkg)) {
                return r;
            }
        }
        return null;
    }
}
