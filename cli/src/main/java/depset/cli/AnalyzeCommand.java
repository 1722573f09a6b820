package depset.cli;

import depset.closure.ClosureCost;
import depset.closure.Closures;
import depset.closure.ComposedStrategy;
import depset.graph.DependencyGraph;
import depset.hosts.FlowsFile;
import depset.hosts.HostImportance;
import depset.hosts.HostSets;
import depset.hosts.HostTraces;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.strategy.Analysis;
import depset.strategy.ManifestFactory;
import depset.strategy.Strategy;
import depset.strategy.StrategyRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code depset analyze}: trace → deployment set(s). */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Computes the deployment set of a trace with one or more strategies and writes it as JSON.",
                "With several strategies, writes one file per strategy (set.strict.json, …)."})
final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRACE", description = "the trace (JSON Lines, optionally gzip), or the"
            + " NAME.flows.json of a multi-host run: then one manifest per host (set.json → set.HOST.json,"
            + " set.STRATEGY.HOST.json with several strategies)")
    Path trace;

    @Option(names = "--no-flow-importance", description = "in a multi-host run, do not make the clients of another"
            + " host's important server important on their own host")
    boolean noFlowImportance;

    @Option(names = {"-s", "--strategy"}, paramLabel = "S[,S2…]", defaultValue = "strict",
            description = "strict, system, execd, all (comma-separated), or all-strategies; each may add closures"
                    + " after a '+': elf, packages, dirs (strict+elf, execd+elf+packages); default: ${DEFAULT-VALUE}")
    String strategies;

    @picocli.CommandLine.Mixin
    ClosureFlags closures;

    @Option(names = "--important", paramLabel = "PROCESS",
            description = "an important process: name, executable path, pid, or command-line glob (repeatable); "
                    + "default: the command depset run started (the roots of the run/work phases)")
    List<String> important = new ArrayList<>();

    @Option(names = "--strict-trace", description = "refuse a cut trace (exit 5) instead of warning")
    boolean strictTrace;

    // Shipping binaries without their licences is the licensing problem the seed names, so this is
    // on whenever the source root is here with a dpkg database; --no-licenses turns it off.
    @Option(names = "--licenses", negatable = true, description = "keep the copyright file of every package the"
            + " set ships (read from the source root's dpkg database; rule \"license\"); default: on when the"
            + " source root has a dpkg database")
    Boolean licenses;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "set.json",
            description = "the manifest; default: ${DEFAULT-VALUE}")
    Path output;

    @picocli.CommandLine.Mixin
    OutputOptions outputOptions;

    /**
     * The dpkg database of each source root, read once: every strategy's set gets its licenses and
     * its package closure from it, and reading a full Debian root's file lists took 0.3-0.9 s each time.
     */
    private final depset.meta.DpkgDatabases databases = new depset.meta.DpkgDatabases();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StrategyRegistry registry = StrategyRegistry.standard();
        List<Strategy> chosen = new ArrayList<>();
        List<ComposedStrategy> composed = new ArrayList<>();
        try {
            for (String item : strategies.split(",")) {
                ComposedStrategy c = ComposedStrategy.parse(item);
                if (c.base().equals("auto")) {
                    throw new IllegalArgumentException("auto needs runs of the set, which analyze does not make: "
                            + "use depset build --repair" + (c.closures().isEmpty() ? "" : " --close "
                            + String.join("+", c.closures())));
                }
                for (Strategy s : registry.parse(c.base())) {
                    chosen.add(s);
                    composed.add(new ComposedStrategy(s.name(), c.closures()));
                }
                Closures.of(c, closures.options()); // refuse dirs without --dirs before tracing work
            }
        } catch (IllegalArgumentException e) {
            throw new DepsetException(ExitCode.USAGE, e.getMessage());
        }
        if (HostTraces.isRun(trace)) {
            return hosts(out, err, chosen, composed);
        }
        DependencyGraph g = TraceInput.read(trace, strictTrace, err);
        Analysis analysis = TraceInput.analysis(g, important);
        for (ComposedStrategy c : composed) {
            depset.output.OutputFile.check(chosen.size() == 1 ? output : perStrategy(output, c.name()),
                    outputOptions.force);
        }
        out.printf("%-8s %10s %12s  %s%n", "strategy", "files", "MB", "manifest");
        for (int i = 0; i < chosen.size(); i++) {
            Manifest m = ManifestFactory.create(analysis, chosen.get(i), List.of(trace.toString()));
            m = closures.apply(m, composed.get(i).closures(), null, err, databases);
            if (Boolean.TRUE.equals(licenses) || licenses == null && hasDpkgDatabase(m)) {
                m = withLicenses(m);
            }
            String name = composed.get(i).name();
            Path file = chosen.size() == 1 ? output : perStrategy(output, name);
            ManifestJson.write(m, file, outputOptions.force);
            out.printf(Locale.ROOT, "%-8s %10d %12.1f  %s%n", name, m.totals().files(),
                    m.totals().bytes() / 1e6, depset.trace.FileNames.printable(file.toString()));
            for (ClosureCost c : ClosureCost.of(m)) {
                out.printf(Locale.ROOT, "  +%-6s %10d %12.1f  (added by the %s closure)%n", c.closure(), c.files(),
                        c.bytes() / 1e6, c.closure());
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    /**
     * A multi-host run: each host's trace analysed with its important processes (the declared ones and,
     * unless --no-flow-importance, the clients of other hosts' important servers), one manifest per host.
     */
    private int hosts(PrintWriter out, PrintWriter err, List<Strategy> chosen, List<ComposedStrategy> composed)
            throws IOException {
        if (!important.isEmpty()) {
            throw new DepsetException(ExitCode.USAGE, "--important: a multi-host run's important processes are each"
                    + " host's, from its sequence (and the flows; --no-flow-importance leaves those out)");
        }
        FlowsFile run = FlowsFile.read(trace); // bad input reaches Main's handler: one line, exit 3
        Map<String, Path> traces = new LinkedHashMap<>();
        for (String host : run.hostNames()) {
            traces.put(host, HostTraces.ofRun(trace, host).orElseThrow(() -> new DepsetException(ExitCode.BAD_INPUT,
                    trace + ": the trace of host " + host + " is not beside it")));
        }
        Map<String, List<String>> importance = HostImportance.of(run, !noFlowImportance);
        if (!noFlowImportance) {
            for (HostImportance.Added a : HostImportance.added(run)) {
                err.println("depset: important " + a.describe());
            }
        }
        for (String host : traces.keySet()) {
            for (ComposedStrategy c : composed) {
                depset.output.OutputFile.check(hostOutput(host, c.name(), chosen.size()), outputOptions.force);
            }
        }
        out.printf("%-8s %-8s %10s %12s  %s%n", "host", "strategy", "files", "MB", "manifest");
        for (Map.Entry<String, Path> h : traces.entrySet()) {
            DependencyGraph g = TraceInput.read(h.getValue(), strictTrace, err);
            Analysis analysis = TraceInput.analysis(g, importance.get(h.getKey()));
            for (int i = 0; i < chosen.size(); i++) {
                Manifest m = ManifestFactory.create(analysis, chosen.get(i), List.of(h.getValue().toString()));
                m = closures.apply(m, composed.get(i).closures(), null, err, databases);
                if (Boolean.TRUE.equals(licenses) || licenses == null && hasDpkgDatabase(m)) {
                    m = withLicenses(m);
                }
                m = HostSets.forHost(m, h.getKey());
                Path file = hostOutput(h.getKey(), composed.get(i).name(), chosen.size());
                ManifestJson.write(m, file, outputOptions.force);
                out.printf(Locale.ROOT, "%-8s %-8s %10d %12.1f  %s%n", h.getKey(), composed.get(i).name(),
                        m.totals().files(), m.totals().bytes() / 1e6,
                        depset.trace.FileNames.printable(file.toString()));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    /** set.json → set.web.json (one strategy) or set.strict.web.json, as depset eval names them. */
    private Path hostOutput(String host, String strategy, int strategies) {
        return HostSets.output(strategies == 1 ? output : perStrategy(output, strategy), host);
    }

    private static boolean hasDpkgDatabase(Manifest m) {
        return m.sourceRoot() != null
                && java.nio.file.Files.isRegularFile(Path.of(m.sourceRoot(), "var/lib/dpkg/status"));
    }

    private Manifest withLicenses(Manifest m) throws IOException {
        Path root = Path.of(m.sourceRoot());
        if (!java.nio.file.Files.isDirectory(root)) {
            throw new DepsetException(ExitCode.BAD_INPUT, "--licenses: the source root " + root
                    + " is not on this machine");
        }
        return depset.meta.LicenseFiles.withLicenses(m, root, databases.of(root));
    }

    /** set.json → set.strict.json */
    static Path perStrategy(Path output, String strategy) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String file = dot <= 0 ? name + "." + strategy : name.substring(0, dot) + "." + strategy + name.substring(dot);
        return output.resolveSibling(file);
    }
}
