package depset.report;

import depset.build.SourceSize;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.meta.DpkgDatabase;
import depset.meta.LicenseTable;
import depset.meta.SecretFinding;
import depset.meta.SecretScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Gathers a report's input from files: the sets, the trace, the verify result, and from the source root
 * (when it exists on this machine) the packages, licenses, secrets and size.
 */
public final class ReportLoader {
    private ReportLoader() {
    }

    /**
     * @param sets       the set files, the first shown in full
     * @param trace      the trace file, or null
     * @param verify     the verify result file, or null
     * @param sourceRoot the root to read packages, secrets and size from; null for the first set's sourceRoot.
     *                   When it does not exist here, the report goes without them.
     * @param sizeSkipping what to leave out of the root's size ({@link SourceSize.Skipped}), or null not to
     *                   walk the root for its size (seconds on a large root)
     * @param progress   told the number of trace events read, now and then
     */
    public static ReportInput load(List<Path> sets, Path trace, Path verify, Path sourceRoot, SourceSize.Skipped sizeSkipping,
                                   LongConsumer progress) throws IOException {
        List<ReportInput.NamedSet> named = new ArrayList<>();
        for (Path p : sets) {
            named.add(new ReportInput.NamedSet(String.valueOf(p.getFileName()), ManifestJson.read(p)));
        }
        Manifest main = named.get(0).manifest();
        depset.graph.DependencyGraph digest = trace == null ? null : depset.graph.DependencyGraph.read(trace, progress);
        VerifyOutcome outcome = verify == null ? null : VerifyOutcome.read(verify);
        Path root = sourceRoot != null ? sourceRoot : Path.of(main.sourceRoot());
        LicenseTable licenses = null;
        List<SecretFinding> secrets = List.of();
        Long bytes = null;
        if (Files.isDirectory(root)) {
            if (DpkgDatabase.exists(root)) {
                DpkgDatabase db = DpkgDatabase.read(root);
                licenses = LicenseTable.of(main, db, depset.meta.SourceRoot.of(root));
                secrets = SecretScanner.of(root, db.conffiles()).scan(main);
            } else {
                secrets = SecretScanner.of(root).scan(main);
            }
            if (sizeSkipping != null) {
                bytes = SourceSize.of(root, sizeSkipping).bytes();
            }
        }
        return new ReportInput(named, digest, outcome, licenses, secrets, bytes);
    }
}
