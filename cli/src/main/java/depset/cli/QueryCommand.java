package depset.cli;

import depset.graph.AccessEdge;
import depset.graph.DependencyGraph;
import depset.graph.Edge;
import depset.graph.FileNode;
import depset.graph.Node;
import depset.graph.ProcessNode;
import depset.query.GraphQueries;
import depset.query.ProcessSelector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jgrapht.GraphPath;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code depset query}: the seed's graph operations on a trace. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Asks the dependency graph of a trace: ancestors or descendants of processes, the path"
                + " between two nodes, what a process touched, which processes touched a file.",
                "SEL names processes: a pid, an executable path, a command name, or a glob of the command line."})
final class QueryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRACE", description = "the trace")
    Path trace;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Question question;

    static final class Question {
        @Option(names = "--ancestors", paramLabel = "SEL", description = "the processes that started SEL")
        String ancestors;
        @Option(names = "--descendants", paramLabel = "SEL", description = "the processes SEL started")
        String descendants;
        @Option(names = "--path", arity = "2", paramLabel = "NODE",
                description = "a shortest path between two nodes (a file path or a process SEL)")
        List<String> path;
        @Option(names = "--touched-by", paramLabel = "SEL", description = "the files SEL touched, and how")
        String touchedBy;
        @Option(names = "--who-touched", paramLabel = "PATH", description = "the processes that touched PATH, and how")
        String whoTouched;
    }

    @Option(names = "--depth", paramLabel = "N", description = "levels for --ancestors/--descendants (default: all)")
    int depth = GraphQueries.ALL_LEVELS;

    @Override
    public Integer call() throws IOException {
        ShowCommand.checkDepth(spec, depth);
        PrintWriter out = spec.commandLine().getOut();
        DependencyGraph g = TraceInput.read(trace, false, spec.commandLine().getErr());
        GraphQueries q = new GraphQueries(g);
        if (question.ancestors != null || question.descendants != null) {
            List<ProcessNode> from = processes(g, question.ancestors != null ? question.ancestors : question.descendants);
            Set<ProcessNode> result = question.ancestors != null ? q.ancestors(from, depth) : q.descendants(from, depth);
            for (ProcessNode p : result) {
                out.println(processLine(p));
            }
        } else if (question.path != null) {
            Node a = node(g, question.path.get(0));
            Node b = node(g, question.path.get(1));
            GraphPath<Node, Edge> p = q.path(a, b);
            if (p == null) {
                out.println("no path between " + a.label() + " and " + b.label());
                out.flush();
                return ExitCode.NEGATIVE;
            }
            Node at = p.getStartVertex();
            out.println(at.label());
            for (Edge e : p.getEdgeList()) {
                Node next = e.source() == at ? e.target() : e.source();
                out.println("  " + (e.source() == at ? "--" + e.kinds() + "-->" : "<--" + e.kinds() + "--") + " "
                        + next.label());
                at = next;
            }
        } else if (question.touchedBy != null) {
            List<AccessEdge> all = new ArrayList<>();
            for (ProcessNode p : processes(g, question.touchedBy)) {
                all.addAll(q.touchedBy(p));
            }
            all.sort(Comparator.comparing((AccessEdge a) -> a.file().path()).thenComparingInt(a -> a.process().pid()));
            for (AccessEdge a : all) {
                out.printf("%-8d %-28s %6d  %s%n", a.process().pid(), a.kinds(), a.count(), a.file().label()
                        .substring("file ".length()));
            }
        } else {
            FileNode f = g.findFile(question.whoTouched);
            if (f == null) {
                throw new DepsetException(ExitCode.NEGATIVE, "no process of the trace touched " + question.whoTouched);
            }
            for (AccessEdge a : q.whoTouched(f)) {
                out.printf("%-28s %6d  %s%n", a.kinds(), a.count(), processLine(a.process()));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private static List<ProcessNode> processes(DependencyGraph g, String selector) {
        try {
            return ProcessSelector.selectAll(g, List.of(ProcessSelector.parse(selector)));
        } catch (IllegalArgumentException | depset.query.NoSuchProcessException e) {
            throw new DepsetException(ExitCode.USAGE, e.getMessage());
        }
    }

    private static Node node(DependencyGraph g, String text) {
        if (text.startsWith("/")) {
            FileNode f = g.findFile(text);
            if (f != null) {
                return f;
            }
        }
        List<ProcessNode> ps = processes(g, text);
        return ps.get(0);
    }

    static String processLine(ProcessNode p) {
        return String.format("%-7d ppid %-7d %-5s %s", p.pid(), p.ppid(), p.phase() == null ? "-" : p.phase().label(),
                p.commandLine().isEmpty() ? "?" : p.commandLine());
    }
}
