package depset.cli;

import depset.graph.DependencyGraph;
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
import java.util.List;
import java.util.Locale;
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

    @Parameters(index = "0", paramLabel = "TRACE", description = "the trace (JSON Lines, optionally gzip)")
    Path trace;

    @Option(names = {"-s", "--strategy"}, paramLabel = "S[,S2…]", defaultValue = "strict",
            description = "strict, system, execd, all (comma-separated), or all-strategies; default: ${DEFAULT-VALUE}")
    String strategies;

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

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StrategyRegistry registry = StrategyRegistry.standard();
        List<Strategy> chosen;
        try {
            chosen = registry.parse(strategies);
        } catch (IllegalArgumentException e) {
            throw new DepsetException(ExitCode.USAGE, e.getMessage());
        }
        DependencyGraph g = TraceInput.read(trace, strictTrace, err);
        Analysis analysis = TraceInput.analysis(g, important);
        for (Strategy s : chosen) {
            depset.output.OutputFile.check(chosen.size() == 1 ? output : perStrategy(output, s.name()),
                    outputOptions.force);
        }
        out.printf("%-8s %10s %12s  %s%n", "strategy", "files", "MB", "manifest");
        for (Strategy s : chosen) {
            Manifest m = ManifestFactory.create(analysis, s, List.of(trace.toString()));
            if (Boolean.TRUE.equals(licenses) || licenses == null && hasDpkgDatabase(m)) {
                m = withLicenses(m);
            }
            Path file = chosen.size() == 1 ? output : perStrategy(output, s.name());
            ManifestJson.write(m, file, outputOptions.force);
            out.printf(Locale.ROOT, "%-8s %10d %12.1f  %s%n", s.name(), m.totals().files(),
                    m.totals().bytes() / 1e6, depset.trace.FileNames.printable(file.toString()));
        }
        out.flush();
        return ExitCode.OK;
    }

    private static boolean hasDpkgDatabase(Manifest m) {
        return m.sourceRoot() != null
                && java.nio.file.Files.isRegularFile(Path.of(m.sourceRoot(), "var/lib/dpkg/status"));
    }

    private static Manifest withLicenses(Manifest m) throws IOException {
        Path root = Path.of(m.sourceRoot());
        if (!java.nio.file.Files.isDirectory(root)) {
            throw new DepsetException(ExitCode.BAD_INPUT, "--licenses: the source root " + root
                    + " is not on this machine");
        }
        return depset.meta.LicenseFiles.withLicenses(m, root);
    }

    /** set.json → set.strict.json */
    static Path perStrategy(Path output, String strategy) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String file = dot <= 0 ? name + "." + strategy : name.substring(0, dot) + "." + strategy + name.substring(dot);
        return output.resolveSibling(file);
    }
}
