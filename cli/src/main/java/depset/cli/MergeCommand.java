package depset.cli;

import depset.diff.DiffText;
import depset.diff.ManifestMerge;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code depset merge A.json B.json … -o C.json}: the union, each reason keeping its run. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merges deployment sets of one root (e.g. one service under several workloads) into their"
                + " union. Each reason keeps the run it came from (the input's file name).",
                "Two sets that disagree on a path's type, mode, owner, size or target are an error naming the path."})
public final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "SET.json", description = "the sets to merge")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.json", description = "the merged set")
    Path output;

    @picocli.CommandLine.Mixin
    OutputOptions outputOptions;

    @Override
    public Integer call() throws IOException {
        List<ManifestMerge.Input> in = new ArrayList<>();
        for (Path p : inputs) {
            in.add(new ManifestMerge.Input(String.valueOf(p.getFileName()), ManifestJson.read(p)));
        }
        Manifest merged;
        try {
            merged = ManifestMerge.merge(in);
        } catch (ArithmeticException e) {
            throw new DepsetException(ExitCode.BAD_INPUT, "the merged sizes add up to more than a long holds");
        }
        ManifestJson.write(merged, output, outputOptions.force);
        spec.commandLine().getErr().println("depset: merged " + inputs.size() + " sets into " + output + ": "
                + merged.totals().files() + " entries, " + DiffText.bytes(merged.totals().bytes()));
        return ExitCode.OK;
    }
}
