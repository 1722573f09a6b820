package depset.cli;

import depset.diff.DiffText;
import depset.report.HtmlReport;
import depset.report.ReportInput;
import depset.report.ReportLoader;
import depset.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code depset report set.json [--trace t.jsonl] [--verify result.json] -o report.html}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes one self-contained HTML file that explains a deployment set: summary, the dependency"
                + " graph (processes and files, aggregated by package or directory, with the ancestors, descendants,"
                + " path and subgraph queries), interactive process tree, file tree sized by bytes, each file's reasons"
                + " and why chain, failed lookups, verify's missing paths and the repair rounds, a treemap of sizes,"
                + " a timeline by phase, packages and licenses, flagged secrets.",
                "More sets after the first are compared: each file coloured by the first set that has it, and what"
                        + " each set adds over the ones before (e.g. one per strategy)."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOptions progress;

    @Parameters(arity = "1..*", paramLabel = "SET.json", description = "the set to explain, then sets to compare")
    List<Path> sets;

    @Option(names = "--trace", paramLabel = "TRACE", description = "the trace the set came from (process tree, why chains, failed lookups)")
    Path trace;

    @Option(names = "--verify", paramLabel = "RESULT.json", description = "a verify result, or the auto rounds (depset eval's verify.auto.json): its missing paths")
    Path verify;

    @Mixin
    SourceRootOption sourceRoot;

    @Option(names = "--no-source-size", description = "do not walk the source root for its size")
    boolean noSourceSize;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.html", description = "the report")
    Path output;

    @Mixin
    OutputOptions outputOptions;

    @Override
    public Integer call() throws IOException {
        Path from = sourceRoot.given();
        depset.output.OutputFile.check(output, outputOptions.force);
        ReportInput input;
        try (Progress p = progress.start("reading trace", -1)) {
            input = ReportLoader.load(sets, trace, verify, from, noSourceSize ? null : Sandbox::notLayered,
                    p::stepTo);
        }
        HtmlReport.write(input, output, outputOptions.force);
        spec.commandLine().getErr().println("depset: wrote " + output + " (" + DiffText.bytes(Files.size(output))
                + "): " + input.sets().get(0).manifest().totals().files() + " entries"
                + (input.trace() == null ? "" : ", " + input.trace().processes().size() + " processes")
                + ", " + input.secrets().size() + " flagged secrets");
        return ExitCode.OK;
    }
}
