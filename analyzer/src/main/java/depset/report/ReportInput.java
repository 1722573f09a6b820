package depset.report;

import depset.graph.DependencyGraph;
import depset.manifest.Manifest;
import depset.meta.LicenseTable;
import depset.meta.SecretFinding;
import java.util.List;

/**
 * Everything one report shows; all but the first set are optional.
 *
 * @param sets        the deployment sets, the first one shown in full, the others in the summary only
 *                    (one per strategy when several are compared)
 * @param trace       the graph of the trace they came from, or null
 * @param verify      a verify result, or null
 * @param licenses    packages and licenses of the first set, or null when the root has no dpkg database
 * @param secrets     the first set's entries that look like credentials
 * @param sourceBytes bytes of regular files in the source root, or null when unknown
 */
public record ReportInput(List<NamedSet> sets, DependencyGraph trace, VerifyOutcome verify, LicenseTable licenses,
                          List<SecretFinding> secrets, Long sourceBytes) {
    public ReportInput {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("a report needs a set");
        }
        sets = List.copyOf(sets);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** A set with the name it is shown under (its file name). */
    public record NamedSet(String name, Manifest manifest) {
    }
}
