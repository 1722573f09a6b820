package depset.cli;

import depset.build.SourceTree;
import depset.build.VerifyResult;
import depset.fsops.PosixFiles;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.vm.guest.GuestBuildException;
import depset.vm.run.SequenceResult;
import depset.vm.run.SequenceRoots;
import depset.vm.run.SequenceRunner;
import depset.vm.run.StepResult;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code depset verify}: runs the command again inside the built set and says PASS or FAIL. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Builds the set's tree in a scratch directory, runs the command again chrooted in it through "
                + "TraceFs, and compares with the original run: exit status, output (--compare-output), and the "
                + "files looked for in vain that the source has.",
                "Prints PASS or FAIL and the missing paths with the process that wanted them.",
                "With --sequence FILE [--tree DIR]: replays a test sequence in a root tree (a built deployment set) "
                        + "and checks every step; the tree is never written (writes land in a scratch layer).",
                "Exit status: 0 PASS, 1 FAIL, 3 bad input, 4 not possible on this machine."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sequence", paramLabel = "FILE",
            description = "replay this sequence file (or a shipped one: ls, lamp) instead of a set's command")
    String sequence;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SET.json", description = "the manifest")
    Path manifestFile;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "the command (after --); default: the manifest's")
    List<String> command;

    @Mixin
    SourceRootOption sourceRoot;

    @Option(names = "--tree", paramLabel = "DIR", description = "build the tree here and keep it (default: a scratch directory)")
    Path tree;

    @Option(names = "--host-tree", paramLabel = "HOST=DIR", description = "with a multi-host --sequence: host HOST"
            + " runs in the tree DIR (repeatable; the other hosts run in their own roots); all hosts run at once and"
            + " the sequence passes only as a whole")
    java.util.Map<String, Path> hostTrees = new java.util.LinkedHashMap<>();

    @Option(names = "--compare-output",
            description = "also compare the standard output with a run of the command in the source root")
    boolean compareOutput;

    @Option(names = "--allow-changed", description = "verify even when the source changed since the trace")
    boolean allowChanged;

    @Option(names = "--json", paramLabel = "FILE", description = "write the result as JSON here too")
    Path json;

    @Override
    public Integer call() throws IOException {
        if (sequence != null) {
            return verifySequence();
        }
        if (manifestFile == null) {
            throw new DepsetException(ExitCode.USAGE, "verify needs a SET.json, or --sequence FILE");
        }
        Manifest manifest = ManifestJson.read(manifestFile);
        List<String> cmd = Verification.command(command, manifest.command());
        SourceTree source = new SourceTree(sourceRoot.rootOf(manifest), PosixFiles.system());
        Verification.requireNamespace("verify");
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
                depset.build.VerifyJson.write(json, r);
            }
            return r.pass() ? ExitCode.OK : ExitCode.NEGATIVE;
        } finally {
            TreeVerifier.deleteTree(work);
        }
    }

    private Integer verifySequence() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Sequence s = SequenceInput.read(sequence);
        if (s.multiHost()) {
            return verifyHosts(s, out);
        }
        if (!hostTrees.isEmpty()) {
            throw new DepsetException(ExitCode.USAGE, "--host-tree: " + s.name() + " has no hosts (use --tree DIR)");
        }
        Path root;
        if (tree != null) {
            if (!Files.isDirectory(tree)) {
                throw new DepsetException(ExitCode.BAD_INPUT, tree + ": not a directory");
            }
            root = tree.toAbsolutePath().normalize();
        } else {
            try {
                root = SequenceRoots.resolve(s, GuestCommand.builder(null, null), SequenceInput.base(sequence));
            } catch (GuestBuildException e) {
                throw new DepsetException(ExitCode.ENVIRONMENT, e.getMessage());
            }
        }
        SequenceResult r;
        try {
            r = SequenceRunner.natively().run(s, root);
        } catch (IOException e) {
            throw new DepsetException(ExitCode.ENVIRONMENT, "cannot run " + s.name() + " in " + root + ": "
                    + e.getMessage());
        }
        print(out, r);
        out.println(s.name() + " in " + root + ": " + r.summary());
        out.flush();
        return r.passed() ? ExitCode.OK : ExitCode.NEGATIVE;
    }

    /** A multi-host sequence: every host in its --host-tree or its own root, all at once on one LAN. */
    private Integer verifyHosts(Sequence s, PrintWriter out) throws IOException {
        if (tree != null) {
            throw new DepsetException(ExitCode.USAGE, "--tree: " + s.name() + " declares hosts; give each host's"
                    + " tree with --host-tree HOST=DIR");
        }
        java.util.Map<String, Path> roots;
        try {
            roots = new java.util.LinkedHashMap<>(SequenceRoots.resolveHosts(s, GuestCommand.builder(null, null),
                    SequenceInput.base(sequence)));
        } catch (GuestBuildException e) {
            throw new DepsetException(ExitCode.ENVIRONMENT, e.getMessage());
        }
        for (java.util.Map.Entry<String, Path> t : hostTrees.entrySet()) {
            if (!roots.containsKey(t.getKey())) {
                throw new DepsetException(ExitCode.BAD_INPUT, "--host-tree " + t.getKey() + ": " + s.name()
                        + " has no such host (hosts: " + String.join(", ", roots.keySet()) + ")");
            }
            if (!Files.isDirectory(t.getValue())) {
                throw new DepsetException(ExitCode.BAD_INPUT, t.getValue() + ": not a directory");
            }
            roots.put(t.getKey(), t.getValue().toAbsolutePath().normalize());
        }
        SequenceResult r;
        try {
            r = SequenceRunner.natively().run(s, roots, java.util.Optional.empty());
        } catch (IOException e) {
            throw new DepsetException(ExitCode.ENVIRONMENT, "cannot run " + s.name() + ": " + e.getMessage());
        }
        print(out, r);
        out.println(s.name() + " in " + roots + ": " + r.summary());
        out.flush();
        return r.passed() ? ExitCode.OK : ExitCode.NEGATIVE;
    }

    private static void print(PrintWriter out, SequenceResult r) {
        for (StepResult step : r.steps()) {
            out.printf(Locale.ROOT, "%-9s line %-3d %s (%.1fs)%s%n", step.outcome(), step.step().line(),
                    step.step().describe(), step.millis() / 1000.0,
                    step.reason().isEmpty() ? "" : ": " + step.reason());
        }
    }
}
