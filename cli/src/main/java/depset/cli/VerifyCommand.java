package depset.cli;

import depset.build.SourceTree;
import depset.build.VerifyResult;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code depset verify}: runs the command again inside the built set and says PASS or FAIL. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Builds the set's tree in a scratch directory, runs the command again chrooted in it through "
                + "TraceFs, and compares with the original run: exit status, output (--compare-output), and the "
                + "files looked for in vain that the source has.",
                "Prints PASS or FAIL and the missing paths with the process that wanted them.",
                "Exit status: 0 PASS, 1 FAIL, 3 bad input, 4 not possible on this machine."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SET.json", description = "the manifest")
    Path manifestFile;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "the command (after --); default: the manifest's")
    List<String> command;

    @Option(names = "--from", paramLabel = "SRC", description = "the source root (default: the manifest's)")
    Path from;

    @Option(names = "--tree", paramLabel = "DIR", description = "build the tree here and keep it (default: a scratch directory)")
    Path tree;

    @Option(names = "--compare-output",
            description = "also compare the standard output with a run of the command in the source root")
    boolean compareOutput;

    @Option(names = "--allow-changed", description = "verify even when the source changed since the trace")
    boolean allowChanged;

    @Option(names = "--json", paramLabel = "FILE", description = "write the result as JSON here too")
    Path json;

    @Override
    public Integer call() throws IOException {
        Manifest manifest = ManifestJson.read(manifestFile);
        List<String> cmd = Verification.command(command, manifest.command());
        SourceTree source = BuildCommand.sourceOf(manifest, from);
        Integer outer = Verification.reexecIfNeeded(spec);
        if (outer != null) {
            return outer;
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path work = Files.createTempDirectory("depset-verify");
        try {
            TreeVerifier verifier = new TreeVerifier(source, cmd, work, tree == null ? null : tree.toAbsolutePath(),
                    allowChanged, err);
            verifier.reference(manifest.exitStatus(), compareOutput);
            VerifyResult r = verifier.verify(manifest, 0);
            r.lines().forEach(out::println);
            out.flush();
            if (json != null) {
                Verification.writeJson(json, r, null, null);
            }
            return r.pass() ? ExitCode.OK : ExitCode.NEGATIVE;
        } finally {
            TreeVerifier.deleteTree(work);
        }
    }
}
