package depset.cli;

import depset.sandbox.PrivateNamespace;
import depset.sandbox.SandboxException;
import depset.strategy.StrategyRegistry;
import depset.vm.eval.BuiltTreeWriter;
import depset.vm.eval.EvalReport;
import depset.vm.eval.EvalRow;
import depset.vm.eval.Evaluation;
import depset.vm.eval.ReproZip;
import depset.vm.eval.StracePeer;
import depset.vm.eval.TracedSequences;
import depset.vm.guest.GuestBuildException;
import depset.vm.run.SequenceRunner;
import depset.vm.run.ShippedSequences;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code depset eval}: the seed's table, from real guests. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"For each sequence: builds or reuses its guest, traces the sequence once in it, computes every"
                + " strategy's deployment set, builds each as a tree, replays the sequence in it, and prints the table"
                + " (size on disk, tar.gz size, files, functional and why not), with the complete guest and the peers"
                + " (ReproZip, and the set a strace of the same script gives).",
                "Writes DIR/eval.md and DIR/eval.json, and each sequence's trace, sets and trees under DIR/NAME/.",
                "Exit status: 0 when every complete guest passes its sequence and 'all' works in every test; 1 otherwise."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sequences", paramLabel = "S[,S2…]", defaultValue = "ls,lamp", split = ",",
            description = "shipped sequence names or .seq files; all: every shipped sequence of one host (default: ${DEFAULT-VALUE})")
    List<String> sequences;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "eval-out",
            description = "where the table, traces, sets and trees go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--no-reprozip", description = "leave out ReproZip's row")
    boolean noReprozip;

    @Option(names = "--no-strace", description = "leave out strace's row (the set a strace of the same script gives)")
    boolean noStrace;

    @Option(names = "--closure-rows", paramLabel = "S+C[,…]", split = ",", defaultValue = "auto+elf,auto+packages",
            description = "rows of a strategy completed by closures (elf, packages, dirs); none: leave them out"
                    + " (default: ${DEFAULT-VALUE})")
    List<String> closureRows;

    @picocli.CommandLine.Mixin
    ClosureFlags closures;

    @Option(names = "--mirror", paramLabel = "URL", description = "the Debian mirror for guest builds")
    String mirror;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        List<Sequence> list = new ArrayList<>();
        for (String s : expandAll(sequences)) {
            list.add(SequenceInput.read(s));
        }
        List<depset.closure.ComposedStrategy> rows = new ArrayList<>();
        try {
            for (String r : closureRows) {
                if (!r.isBlank() && !r.strip().equals("none")) {
                    depset.closure.ComposedStrategy c = depset.closure.ComposedStrategy.parse(r);
                    depset.closure.Closures.of(c, closures.options());
                    rows.add(c);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new DepsetException(ExitCode.USAGE, "--closure-rows: " + e.getMessage());
        }
        Files.createDirectories(out);
        try {
            // Traced runs need the private mount namespace bin/depset makes: the whole evaluation runs in it.
            PrivateNamespace.require("eval");
        } catch (SandboxException e) {
            throw SandboxErrors.forRun(e);
        }
        BuiltTreeWriter trees = new BuiltTreeWriter();
        Evaluation eval = new Evaluation(GuestCommand.builder(mirror, null),
                Optional.of(new TracedSequences(Main.version(), System.err)), "", trees,
                SequenceRunner.natively(),
                StrategyRegistry.standard(), noReprozip ? Optional.empty() : Optional.of(new ReproZip()), System.err)
                .withClosureRows(rows, closures.options());
        if (!noStrace) {
            eval = eval.withStrace(new StracePeer(trees));
        }
        EvalReport report;
        try {
            report = eval.run(list, out.toAbsolutePath());
        } catch (GuestBuildException e) {
            throw new DepsetException(ExitCode.ENVIRONMENT, e.getMessage());
        }
        stdout.print(report.markdown());
        stdout.println();
        stdout.println("(written to " + out.resolve("eval.md") + " and " + out.resolve("eval.json") + ")");
        stdout.flush();
        return healthy(report) ? ExitCode.OK : ExitCode.NEGATIVE;
    }

    /**
     * The names as given, with {@code all} standing for every shipped sequence of one host (the evaluation
     * measures one guest per sequence; a multi-host sequence such as {@code lamp2} is traced with
     * {@code depset run}); each name once.
     */
    static List<String> expandAll(List<String> names) throws IOException {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String s : names) {
            if (s.strip().equals("all")) {
                for (String shipped : ShippedSequences.names()) {
                    if (!ShippedSequences.byName(shipped).orElseThrow().multiHost()) {
                        out.add(shipped);
                    }
                }
            } else {
                out.add(s.strip());
            }
        }
        return List.copyOf(out);
    }

    /** The complete guests pass and 'all' (and 'auto', when present) works in every test. */
    static boolean healthy(EvalReport report) {
        for (EvalRow r : report.rows()) {
            boolean mustWork = r.strategy().equals(EvalRow.COMPLETE) || r.strategy().equals("all")
                    || r.strategy().equals("auto");
            if (mustWork && !Boolean.TRUE.equals(r.functional())) {
                return false;
            }
        }
        return true;
    }
}
