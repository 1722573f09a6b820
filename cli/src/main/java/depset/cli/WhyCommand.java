package depset.cli;

import depset.explain.Why;
import depset.graph.DependencyGraph;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.strategy.Analysis;
import depset.strategy.StrategyRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code depset why}: the chain that put a file in a set, or what kept it out. */
@Command(name = "why", mixinStandardHelpOptions = true,
        description = {"Prints why PATH is in the set: rule, process, the processes that started it, operations.",
                "For a path not in the set, --trace tells which strategy would add it and why this one did not.",
                "Exits 1 when the path is not in the set."})
final class WhyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SET", description = "a manifest written by depset analyze")
    Path set;

    @Parameters(index = "1", paramLabel = "PATH", description = "a path inside the root, e.g. /usr/lib/x86_64-linux-gnu/libc.so.6")
    String path;

    @Option(names = "--trace", paramLabel = "TRACE", description = "the trace the set came from (for paths not in it)")
    Path trace;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Manifest m = ManifestJson.read(set);
        List<String> lines = Why.explainEntry(m, path);
        if (lines != null) {
            lines.forEach(out::println);
            out.flush();
            return ExitCode.OK;
        }
        if (trace == null) {
            out.println(depset.trace.FileNames.printable(path) + " is not in the " + m.strategy() + " set; pass --trace TRACE to learn which strategy "
                    + "would add it and why this one did not.");
            out.flush();
            return ExitCode.NEGATIVE;
        }
        DependencyGraph g = TraceInput.read(trace, false, spec.commandLine().getErr());
        // The set's important processes as it recorded them (names, or "pid:N" for the defaults).
        Analysis analysis = TraceInput.analysis(g, m.important());
        Why.explainAbsent(analysis, StrategyRegistry.standard(), m.strategy(), path).forEach(out::println);
        out.flush();
        return ExitCode.NEGATIVE;
    }
}
