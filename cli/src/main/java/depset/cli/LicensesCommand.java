package depset.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import depset.diff.DiffText;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.meta.DpkgDatabase;
import depset.meta.LicenseTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code depset licenses set.json [--from SRC]}: the packages a set ships, their versions and licenses. */
@Command(name = "licenses", mixinStandardHelpOptions = true,
        description = {"Lists the Debian packages whose files a deployment set ships (package, version, licenses,"
                + " files, bytes), read from the source root's own dpkg database and copyright files, then the"
                + " files no package owns."})
public final class LicensesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SET.json", description = "the deployment set")
    Path set;

    @Mixin
    SourceRootOption source;

    @Option(names = "--json", description = "print the table as JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Manifest m = ManifestJson.read(set);
        Path root = source.rootOf(m);
        if (!DpkgDatabase.exists(root)) {
            spec.commandLine().getErr().println("depset: " + root + " has no dpkg database"
                    + " (var/lib/dpkg/status): no file is owned by a package");
        }
        LicenseTable t = LicenseTable.of(m, root);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(t)));
        } else {
            print(t, out);
        }
        out.flush();
        return ExitCode.OK;
    }

    static void print(LicenseTable t, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PACKAGE", "VERSION", "LICENSES", "FILES", "BYTES"});
        for (LicenseTable.Row r : t.rows()) {
            rows.add(new String[] {depset.trace.FileNames.printable(r.pkg()), depset.trace.FileNames.printable(r.version()), depset.trace.FileNames.printable(shortLicenses(r.copyright())), Long.toString(r.files()),
                    DiffText.bytes(r.bytes())});
        }
        int[] w = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < 5; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            out.printf("%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %" + w[3] + "s  %" + w[4] + "s%n",
                    (Object[]) r);
        }
        long unownedBytes = t.unowned().stream().mapToLong(e -> e.type() == depset.trace.FileType.FILE ? e.size() : 0)
                .sum();
        out.println();
        out.println(t.rows().size() + " packages; " + t.unowned().size() + " files owned by no package ("
                + DiffText.bytes(unownedBytes) + "):");
        for (ManifestEntry e : t.unowned()) {
            out.println("  " + depset.trace.FileNames.printable(e.path()));
        }
    }

    /** The first licences (the main one comes first in DEP-5), then how many more: --json has them all. */
    static String shortLicenses(depset.meta.CopyrightFile c) {
        if (!c.machineReadable() || c.licenses().isEmpty()) {
            return c.summary();
        }
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (String l : c.licenses()) {
            if (shown > 0 && sb.length() + l.length() > 40) {
                break;
            }
            sb.append(shown++ == 0 ? "" : ", ").append(l);
        }
        int more = c.licenses().size() - shown;
        return more == 0 ? sb.toString() : sb + " +" + more + " more";
    }

    private static Map<String, Object> toJson(LicenseTable t) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LicenseTable.Row r : t.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("package", r.pkg());
            row.put("version", r.version());
            row.put("licenses", r.copyright().licenses());
            row.put("machineReadable", r.copyright().machineReadable());
            row.put("copyright", r.copyright().path());
            row.put("files", r.files());
            row.put("bytes", r.bytes());
            rows.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("packages", rows);
        out.put("unowned", t.unowned().stream().map(ManifestEntry::path).toList());
        return out;
    }
}
