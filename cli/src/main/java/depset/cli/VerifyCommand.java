package depset.cli;

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
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code depset verify --sequence FILE --tree DIR}: replays a test sequence in a built tree (or in the
 * sequence's own root) and says whether every step passed.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Replays a test sequence in a root tree (a built deployment set) and checks every step.",
                "The tree is never written: the run's writes land in a scratch layer.",
                "Exit status: 0 PASS, 1 FAIL (the first failing step and what it missed are printed)."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sequence", required = true, paramLabel = "FILE",
            description = "the sequence file (or the name of a shipped one: ls, lamp)")
    String sequence;

    @Option(names = "--tree", paramLabel = "DIR",
            description = "the root tree to replay it in (default: the sequence's own root)")
    Path tree;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Sequence s = SequenceInput.read(sequence);
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
        for (StepResult step : r.steps()) {
            out.printf(Locale.ROOT, "%-9s line %-3d %s (%.1fs)%s%n", step.outcome(), step.step().line(),
                    step.step().describe(), step.millis() / 1000.0,
                    step.reason().isEmpty() ? "" : ": " + step.reason());
        }
        out.println(s.name() + " in " + root + ": " + r.summary());
        out.flush();
        return r.passed() ? ExitCode.OK : ExitCode.NEGATIVE;
    }
}
