package depset.show;

import depset.trace.FileNames;

import depset.graph.AccessEdge;
import depset.graph.Edge;
import depset.graph.FileNode;
import depset.graph.Node;
import depset.graph.ProcessNode;
import java.io.StringWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;
import org.jgrapht.nio.json.JSONExporter;

/**
 * DOT and JSON through jgrapht-io's exporters. Vertex ids are stable within a graph ("p12" for process
 * node 12, "f40" for file node 40); processes are ellipses labelled "name [pid]", files boxes labelled
 * by path, edges labelled by their kinds ("fork", "exec,open").
 */
public final class GraphFormats {
    private GraphFormats() {
    }

    static String id(Node n) {
        return n instanceof ProcessNode p ? "p" + p.id() : "f" + ((FileNode) n).id();
    }

    static String label(Node n) {
        if (n instanceof ProcessNode p) {
            String name = p.name().isEmpty() ? "?" : p.name();
            return FileNames.printable(name) + " [" + p.pid() + "]";
        }
        return FileNames.printable(((FileNode) n).path());
    }

    /** A text attribute: printable (one line, no byte that is not UTF-8), as a file or terminal shows it. */
    private static Attribute text(String s) {
        return DefaultAttribute.createAttribute(FileNames.printable(s));
    }

    /**
     * A DOT label: printable, and with every backslash doubled, since jgrapht escapes only the
     * double quote and a name ending in a backslash would otherwise escape the closing quote.
     */
    private static Attribute dotLabel(Node n) {
        return DefaultAttribute.createAttribute(label(n).replace("\\", "\\\\"));
    }

    private static Map<String, Attribute> vertexAttributes(Node n) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("label", DefaultAttribute.createAttribute(label(n)));
        if (n instanceof ProcessNode p) {
            a.put("kind", DefaultAttribute.createAttribute("process"));
            a.put("pid", DefaultAttribute.createAttribute(p.pid()));
            a.put("exe", text(p.exe()));
            a.put("argv", text(p.commandLine()));
            if (p.phase() != null) {
                a.put("phase", text(p.phase().label()));
            }
        } else {
            FileNode f = (FileNode) n;
            a.put("kind", DefaultAttribute.createAttribute(f.missing() ? "missing" : "file"));
            a.put("path", text(f.path()));
            if (f.type() != null) {
                a.put("type", DefaultAttribute.createAttribute(f.type().name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        return a;
    }

    private static Map<String, Attribute> edgeAttributes(Edge e) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("label", DefaultAttribute.createAttribute(e.kinds()));
        if (e instanceof AccessEdge ae) {
            a.put("count", DefaultAttribute.createAttribute(ae.count()));
        }
        return a;
    }

    /** The graph in Graphviz's DOT language, processes on top. */
    public static void dot(Graph<Node, Edge> g, Writer out) {
        DOTExporter<Node, Edge> x = new DOTExporter<>(GraphFormats::id);
        x.setGraphIdProvider(() -> "depset");
        x.setGraphAttributeProvider(() -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("rankdir", DefaultAttribute.createAttribute("TB"));
            return a;
        });
        x.setVertexAttributeProvider(n -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("label", dotLabel(n));
            if (n instanceof FileNode f) {
                a.put("shape", DefaultAttribute.createAttribute("box"));
                if (f.missing()) {
                    a.put("style", DefaultAttribute.createAttribute("dashed"));
                }
            } else {
                a.put("shape", DefaultAttribute.createAttribute("ellipse"));
            }
            return a;
        });
        x.setEdgeAttributeProvider(e -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("label", DefaultAttribute.createAttribute(e.kinds()));
            if (e instanceof AccessEdge) {
                a.put("style", DefaultAttribute.createAttribute("dotted"));
            }
            return a;
        });
        x.exportGraph(g, out);
    }

    /**
     * The graph in DOT with its files aggregated: each file drawn as the group {@code group} names for it
     * (its directory, its package; a box labelled "name (N files)"), edges from a process to a group merged
     * with their kinds joined. A file {@code group} maps to null keeps its own node.
     */
    public static void dot(Graph<Node, Edge> g, Writer out, java.util.function.Function<FileNode, String> group) {
        Graph<String, org.jgrapht.graph.DefaultEdge> a = new org.jgrapht.graph.DefaultDirectedGraph<>(
                org.jgrapht.graph.DefaultEdge.class);
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Integer> members = new LinkedHashMap<>();
        Map<String, String> groupIds = new LinkedHashMap<>();
        Map<org.jgrapht.graph.DefaultEdge, java.util.Set<String>> kinds = new LinkedHashMap<>();
        java.util.function.Function<Node, String> vertex = n -> {
            if (n instanceof FileNode f) {
                String name = group.apply(f);
                if (name != null) {
                    String id = groupIds.computeIfAbsent(name, k -> "g" + groupIds.size());
                    if (a.addVertex(id)) {
                        labels.put(id, name);
                    }
                    return id;
                }
            }
            String id = id(n);
            if (a.addVertex(id)) {
                labels.put(id, label(n));
            }
            return id;
        };
        for (Node n : g.vertexSet()) {
            String id = vertex.apply(n);
            if (n instanceof FileNode && id.startsWith("g")) {
                members.merge(id, 1, Integer::sum);
            }
        }
        for (Edge e : g.edgeSet()) {
            String from = vertex.apply(e.source());
            String to = vertex.apply(e.target());
            org.jgrapht.graph.DefaultEdge de = a.getEdge(from, to);
            if (de == null) {
                de = a.addEdge(from, to);
            }
            kinds.computeIfAbsent(de, k -> new java.util.TreeSet<>()).addAll(List.of(e.kinds().split(",")));
        }
        DOTExporter<String, org.jgrapht.graph.DefaultEdge> x = new DOTExporter<>(v -> v);
        x.setGraphIdProvider(() -> "depset");
        x.setGraphAttributeProvider(() -> Map.of("rankdir", DefaultAttribute.createAttribute("LR")));
        x.setVertexAttributeProvider(v -> {
            Map<String, Attribute> m = new LinkedHashMap<>();
            boolean grouped = members.containsKey(v);
            m.put("label", DefaultAttribute.createAttribute(labels.get(v)
                    + (grouped ? " (" + members.get(v) + (members.get(v) == 1 ? " file)" : " files)") : "")));
            m.put("shape", DefaultAttribute.createAttribute(v.startsWith("p") ? "ellipse" : grouped ? "folder" : "box"));
            return m;
        });
        x.setEdgeAttributeProvider(e -> {
            Map<String, Attribute> m = new LinkedHashMap<>();
            m.put("label", DefaultAttribute.createAttribute(String.join(",", kinds.get(e))));
            if (!a.getEdgeTarget(e).startsWith("p")) {
                m.put("style", DefaultAttribute.createAttribute("dotted"));
            }
            return m;
        });
        x.exportGraph(a, out);
    }

    /** The graph as jgrapht-io JSON: {"nodes": [{id, label, kind, …}], "edges": [{source, target, label, …}]}. */
    public static void json(Graph<Node, Edge> g, Writer out) {
        JSONExporter<Node, Edge> x = new JSONExporter<>(GraphFormats::id);
        x.setVertexAttributeProvider(GraphFormats::vertexAttributes);
        x.setEdgeAttributeProvider(GraphFormats::edgeAttributes);
        x.exportGraph(g, out);
    }

    public static String dot(Graph<Node, Edge> g) {
        StringWriter w = new StringWriter();
        dot(g, w);
        return w.toString();
    }
}
