package depset.cli;

import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.meta.SecretFinding;
import depset.meta.SecretScanner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code depset secrets set.json [--from SRC]}: the entries that look like credentials. */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = {"Lists the entries of a deployment set that look like credentials (private keys, shadow files,"
                + " SSH keys, .netrc, .pgpass, .my.cnf, .env, config files with password fields), with the reason.",
                "Exit status 0 when none is found, 1 when some are."})
public final class SecretsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SET.json", description = "the deployment set")
    Path set;

    @Mixin
    SourceRootOption source;

    @Override
    public Integer call() throws IOException {
        Manifest m = ManifestJson.read(set);
        Path root = source.rootOf(m);
        List<SecretFinding> found = SecretScanner.of(root).scan(m);
        PrintWriter out = spec.commandLine().getOut();
        for (SecretFinding f : found) {
            out.println(depset.trace.FileNames.printable(f.path()) + "\t" + f.kind() + "\t" + depset.trace.FileNames.printable(f.reason()));
        }
        out.flush();
        return found.isEmpty() ? ExitCode.OK : ExitCode.NEGATIVE;
    }
}
