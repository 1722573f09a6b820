package depset.cli;

import depset.diff.DiffText;
import depset.hosts.FlowsFile;
import depset.hosts.HostSets;
import depset.hosts.HostTraces;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.report.HostsReport;
import depset.report.HtmlReport;
import depset.report.ReportInput;
import depset.report.ReportLoader;
import depset.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Parameters(arity = "1..*", paramLabel = "SET.json", description = "the set to explain, then sets to compare;"
            + " or a multi-host run's NAME.flows.json, then each host's set (the hosts side by side, the flows graph,"
            + " and a full report per host beside OUT.html)")
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
        if (HostTraces.isRun(sets.get(0))) {
            return hosts();
        }
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

    /** The page of a multi-host run, and each host's full report beside it (OUT.HOST.html). */
    private int hosts() throws IOException {
        Path runFile = sets.get(0);
        FlowsFile run = FlowsFile.read(runFile); // bad input reaches Main's handler: one line, exit 3
        if (trace != null || verify != null) {
            throw new DepsetException(ExitCode.USAGE, "--trace/--verify: a multi-host report reads each host's trace"
                    + " beside " + runFile);
        }
        Map<String, Path> byHost = new LinkedHashMap<>();
        for (Path set : sets.subList(1, sets.size())) {
            Manifest m = ManifestJson.read(set);
            String host = m.entries().stream().flatMap(e -> e.reasons().stream()).map(r -> r.run())
                    .filter(r -> r != null && r.startsWith(HostSets.runName(""))).findFirst()
                    .map(r -> r.substring(HostSets.runName("").length())).orElseThrow(() -> new DepsetException(
                            ExitCode.BAD_INPUT, set + " is no host's set (depset analyze NAME.flows.json makes them)"));
            if (!run.hostNames().contains(host)) {
                throw new DepsetException(ExitCode.BAD_INPUT, set + " is host " + host + "'s set, and " + runFile
                        + " has no host " + host);
            }
            byHost.put(host, set);
        }
        List<HostsReport.HostSet> hostSets = new java.util.ArrayList<>();
        for (String host : run.hostNames()) {
            Path set = byHost.get(host);
            if (set == null) {
                throw new DepsetException(ExitCode.BAD_INPUT, "no set for host " + host + " (give one SET.json per host)");
            }
            Path hostTrace = HostTraces.ofRun(runFile, host).orElse(null);
            Path hostOut = HostSets.output(output, host);
            depset.output.OutputFile.check(hostOut, outputOptions.force);
            ReportInput input;
            try (Progress p = progress.start("reading host " + host + "'s trace", -1)) {
                input = ReportLoader.load(List.of(set), hostTrace, null, sourceRoot.given(), noSourceSize ? null : Sandbox::notLayered,
                        p::stepTo);
            }
            HtmlReport.write(input, hostOut, outputOptions.force);
            hostSets.add(new HostsReport.HostSet(host, input.sets().get(0).manifest(), hostOut.getFileName().toString()));
        }
        String title = runFile.getFileName().toString().replace(HostTraces.FLOWS_SUFFIX, "");
        HostsReport.write(title, run, hostSets, output);
        spec.commandLine().getErr().println("depset: wrote " + output + " (" + hostSets.size() + " hosts, "
                + run.flows().size() + " flows) and each host's report beside it");
        return ExitCode.OK;
    }
}
