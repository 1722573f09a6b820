package depset.cli;

import depset.graph.DependencyGraph;
import depset.query.GraphQueries;
import depset.query.NoSuchProcessException;
import depset.show.GraphFormats;
import depset.show.GraphSelection;
import depset.show.GraphvizRender;
import depset.show.ProcessTreeText;
import depset.show.ShowSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code depset show TRACE|SET --format dot|json|tree [queries] [--render svg|png -o FILE]}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Shows the graph of a trace (or of a set's reasons) for people and other tools: DOT, JSON"
                + " (jgrapht-io), or a terminal process tree with counts; optionally only a part of it.",
                "Process selectors: a pid, an executable path, a command name, or a command-line glob ('php*')."})
public final class ShowCommand implements Callable<Integer> {
    enum Format { dot, json, tree }

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    ProgressOptions progress;

    @Parameters(index = "0", paramLabel = "TRACE|SET", description = "a trace (.jsonl) or a set (.json)")
    Path input;

    @Option(names = {"-f", "--format"}, defaultValue = "tree", description = "dot, json or tree; default: ${DEFAULT-VALUE}")
    Format format;

    @Option(names = "--ancestors", paramLabel = "SEL", description = "show these processes and the chain that started them (repeatable)")
    List<String> ancestors = new ArrayList<>();

    @Option(names = "--descendants", paramLabel = "SEL", description = "show these processes and all they started (repeatable)")
    List<String> descendants = new ArrayList<>();

    @Option(names = "--depth", paramLabel = "N", defaultValue = "-1",
            description = "levels of ancestors/descendants (from the roots without a selector); default: all")
    int depth;

    @Option(names = "--path", arity = "2", paramLabel = "NODE", description = "only the shortest path between two nodes:"
            + " file paths (file:/x to insist) or process selectors")
    List<String> path;

    /** How file nodes are drawn: not at all, one per directory, one per Debian package, one per file. */
    enum FileNodes { none, dirs, packages, all }

    @Option(names = "--files", arity = "0..1", fallbackValue = "all", defaultValue = "none",
            paramLabel = "none|dirs|packages|all", description = "also the files the shown processes touched: each"
            + " (all, the default of --files alone), aggregated by directory or by Debian package (the trace's source"
            + " root's dpkg database; files of no package by directory), or none (the default)")
    FileNodes files;

    @Option(names = "--render", paramLabel = "svg|png", description = "render with Graphviz's dot into -o FILE")
    String render;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write here instead of stdout")
    Path output;

    @picocli.CommandLine.Mixin
    OutputOptions outputOptions;

    /** --depth, given, is 0 or more, in show and query alike (unset means all levels). */
    static void checkDepth(CommandSpec spec, int depth) {
        if (spec.commandLine().getParseResult().hasMatchedOption("--depth") && depth < 0) {
            throw new DepsetException(ExitCode.USAGE, "--depth must be 0 or more");
        }
    }

    /** The group a file is drawn in: its first owning package (with --files packages, when dpkg knows it), else its directory. */
    private java.util.function.Function<depset.graph.FileNode, String> grouping(DependencyGraph g) throws IOException {
        depset.meta.DpkgDatabase db = null;
        Path root = g.header() == null ? null : Path.of(g.header().sourceRoot());
        if (files == FileNodes.packages && root != null && depset.meta.DpkgDatabase.exists(root)) {
            db = depset.meta.DpkgDatabase.read(root);
        }
        depset.meta.DpkgDatabase packages = db;
        return f -> {
            // a directory belongs to dozens of packages, a missing name to none: both go by directory
            if (packages != null && f.type() != depset.trace.FileType.DIRECTORY && !f.missing()) {
                List<depset.meta.Owner> o = packages.owners(f.path());
                if (!o.isEmpty()) {
                    return o.get(0).pkg();
                }
            }
            int cut = f.path().lastIndexOf('/');
            return cut <= 0 ? "/" : f.path().substring(0, cut) + "/";
        };
    }

    @Override
    public Integer call() throws IOException {
        if (render != null && !render.equals("svg") && !render.equals("png")) {
            throw new DepsetException(ExitCode.USAGE, "--render takes svg or png, not " + render);
        }
        if (render != null && output == null) {
            throw new DepsetException(ExitCode.USAGE, "--render needs -o FILE");
        }
        checkDepth(spec, depth);
        if (output != null) {
            depset.output.OutputFile.check(output, outputOptions.force);
        }
        DependencyGraph g;
        try (Progress p = progress.start("reading " + input.getFileName(), -1)) {
            g = ShowSource.load(input, p::stepTo);
        }
        GraphSelection s;
        try {
            if (path != null) {
                s = GraphSelection.path(g, path.get(0), path.get(1));
                if (s == null) {
                    spec.commandLine().getErr().println("depset: no path between " + path.get(0) + " and " + path.get(1));
                    return ExitCode.NEGATIVE;
                }
            } else {
                s = GraphSelection.of(g, ancestors, descendants, depth, files != FileNodes.none);
            }
        } catch (NoSuchProcessException e) {
            throw new DepsetException(ExitCode.USAGE, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new DepsetException(ExitCode.USAGE, e.getMessage());
        }
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        Format f = render != null ? Format.dot : format;
        switch (f) {
            case dot -> {
                if (files == FileNodes.dirs || files == FileNodes.packages) {
                    GraphFormats.dot(s.view(), w, grouping(g));
                } else {
                    GraphFormats.dot(s.view(), w);
                }
            }
            case json -> GraphFormats.json(s.view(), w);
            default -> ProcessTreeText.print(s, files != FileNodes.none, w);
        }
        w.flush();
        if (render != null) {
            GraphvizRender.render(text.toString(), render, output, outputOptions.force);
            spec.commandLine().getErr().println("depset: wrote " + output + " (" + s.processes().size()
                    + " processes, " + s.files().size() + " files)");
        } else if (output != null) {
            depset.output.OutputFile.writeText(output, outputOptions.force, o -> o.write(text.toString()));
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        }
        return ExitCode.OK;
    }
}
