package depset.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code depset demo}: the main job on a built-in example, as a newcomer would type it — trace a
 * command on this machine's own root, compute every strategy, build the strict set repaired to a
 * working tree, verify it, explain one file, and write the HTML report. Each step is printed as
 * the depset command it runs, so the demo teaches the commands.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole job on a built-in example: traces CMD (default: /bin/ls /) on this machine's "
                + "root, analyses it with every strategy, builds the strict set repaired until it works (auto), "
                + "verifies the tree, explains why libc is there, and writes an HTML report.",
                "Each step is printed as the depset command it runs; the files land in --out."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "where the trace, sets, tree and report go "
            + "(default: ./depset-demo)")
    Path out = Path.of("depset-demo");

    @Option(names = "--root", paramLabel = "SRC", description = "the root tree to trace in (default: /)")
    Path root = Path.of("/");

    @Parameters(paramLabel = "CMD", description = "the command to trace (after --); default: /bin/ls /")
    List<String> command = new ArrayList<>(List.of("/bin/ls", "/"));

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        Path dir = out.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve("tree"))) {
            throw new DepsetException(ExitCode.BAD_INPUT, dir + " holds an earlier demo: remove it or give --out");
        }
        String trace = dir.resolve("trace.jsonl").toString();
        String set = dir.resolve("set.json").toString();
        String strict = dir.resolve("set.strict.json").toString();
        String auto = dir.resolve("set.auto.json").toString();
        String tree = dir.resolve("tree").toString();

        List<String> run = new ArrayList<>(List.of("run", "--root", root.toString(), "--trace", trace, "--"));
        run.addAll(command);
        step(o, run, true);
        step(o, List.of("analyze", trace, "--strategy", "all-strategies", "-o", set), false);
        step(o, List.of("build", strict, "--repair", "--repaired", auto, "--to", tree), false);
        step(o, List.of("verify", auto, "--from", root.toString()), false);
        step(o, List.of("why", auto, libc(auto)), false);
        step(o, List.of("report", auto, "--trace", trace, "-o", dir.resolve("report.html").toString(), "--quiet"),
                false);
        o.println();
        o.println("Done. The deployment set is " + auto + ", its tree " + tree + ", and the report "
                + dir.resolve("report.html") + ".");
        o.flush();
        return ExitCode.OK;
    }

    /** Runs one depset command, printed first; any failure ends the demo with that command's code. */
    private void step(PrintWriter o, List<String> args, boolean passThroughStatus) {
        o.println();
        o.println("$ depset " + String.join(" ", args));
        o.flush();
        int code = Main.commandLine().execute(args.toArray(String[]::new));
        if (code != ExitCode.OK && !passThroughStatus) {
            throw new DepsetException(code, "the demo stopped: 'depset " + args.get(0) + "' exited with " + code);
        }
        if (passThroughStatus && code >= ExitCode.RUN_FAILED) {
            throw new DepsetException(code, "the demo stopped: 'depset run' exited with " + code);
        }
    }

    /** The path of libc in the set, or the first exec'd file: something worth asking "why?" of. */
    private static String libc(String manifest) throws IOException {
        for (var e : depset.manifest.ManifestJson.read(Path.of(manifest)).entries()) {
            if (e.path().matches(".*/libc\\.so\\.6$")) {
                return e.path();
            }
        }
        return "/";
    }
}
