package depset.cli;

import depset.diff.DiffJson;
import depset.diff.DiffText;
import depset.diff.ManifestDiff;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code depset diff A.json B.json}: what B adds, drops and changes; exit 1 when they differ. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compares two deployment sets: entries added, removed and changed (type, mode, owner, size,"
                + " target), bytes gained and lost, and the reasons on each side.",
                "Exit status 0 when the sets hold the same paths with the same metadata, 1 when they differ."})
public final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A.json", description = "the first set")
    Path a;

    @Parameters(index = "1", paramLabel = "B.json", description = "the second set")
    Path b;

    @Option(names = "--json", description = "print the difference as JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Manifest ma = ManifestJson.read(a);
        Manifest mb = ManifestJson.read(b);
        ManifestDiff d = ManifestDiff.of(a.toString(), ma, b.toString(), mb);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(DiffJson.toJson(d));
            out.flush();
        } else {
            DiffText.print(d, out);
        }
        return d.isEmpty() ? ExitCode.OK : ExitCode.NEGATIVE;
    }
}
