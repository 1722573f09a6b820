package depset.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depset.graph.AccessEdge;
import depset.graph.DependencyGraph;
import depset.graph.Edge;
import depset.graph.FileNode;
import depset.graph.Node;
import depset.graph.ProcessNode;
import depset.graph.Traces;
import java.util.List;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class GraphQueriesTest {
    // init(1) → sh(2) → {ls(3), sh(4) → grep(5)}
    private final DependencyGraph g = new Traces()
            .exec(1, "/sbin/init", "init").fork(1, 2).exec(2, "/bin/sh", "sh", "-c", "ls | grep x")
            .fork(2, 3).exec(3, "/bin/ls", "ls", "-l").fork(2, 4).fork(4, 5).exec(5, "/bin/grep", "grep", "x")
            .read(3, "/etc/passwd").stat(5, "/etc/passwd").read(5, "/etc/group")
            .graph();
    private final GraphQueries q = new GraphQueries(g);

    private ProcessNode pid(int pid) {
        return ProcessSelector.parse("pid:" + pid).select(g).get(0);
    }

    @Test
    void descendantsAndAncestorsNLevelsDeep() {
        assertThat(q.descendants(List.of(pid(2)), GraphQueries.ALL_LEVELS)).extracting(ProcessNode::pid)
                .containsExactly(3, 4, 5);
        assertThat(q.descendants(List.of(pid(2)), 1)).extracting(ProcessNode::pid).containsExactly(3, 4);
        assertThat(q.ancestors(List.of(pid(5)), GraphQueries.ALL_LEVELS)).extracting(ProcessNode::pid)
                .containsExactly(4, 2, 1);
        assertThat(q.ancestors(List.of(pid(5), pid(3)), 2)).extracting(ProcessNode::pid).containsExactly(4, 2);
    }

    @Test
    void pathBetweenAProcessAndAFileGoesThroughTheTree() {
        GraphPath<Node, Edge> p = q.path(pid(1), g.fileAt("/etc/group"));
        assertThat(p.getVertexList()).extracting(Node::label).containsExactly(
                "process 1 /sbin/init", "process 2 /bin/sh", "process 4 /bin/sh", "process 5 /bin/grep",
                "file /etc/group");
        GraphPath<Node, Edge> files = q.path(g.fileAt("/etc/group"), g.fileAt("/etc/passwd"));
        assertThat(files.getLength()).isEqualTo(2); // through grep, which touched both
    }

    @Test
    void subgraphIsAViewOfTheGraph() {
        Set<Node> nodes = Set.of(pid(3), pid(2), g.fileAt("/etc/passwd"));
        Graph<Node, Edge> sub = q.subgraph(nodes);
        assertThat(sub.vertexSet()).hasSize(3);
        assertThat(sub.edgeSet()).hasSize(2); // sh→ls fork, ls→passwd access
        assertThat(sub.edgeSet()).allMatch(e -> g.graph().containsEdge(e)); // the same edge objects
    }

    @Test
    void whoTouchedAndWhatWasTouched() {
        FileNode passwd = g.fileAt("/etc/passwd");
        assertThat(q.whoTouched(passwd)).extracting(a -> a.process().pid() + " " + a.kinds())
                .containsExactlyInAnyOrder("3 open,read", "5 stat");
        assertThat(q.touchedBy(pid(5))).extracting(AccessEdge::file).extracting(FileNode::path)
                .containsExactlyInAnyOrder("/etc/passwd", "/etc/group");
    }

    @Test
    void selectorsByPidPathNameAndGlob() {
        assertThat(ProcessSelector.parse("3").select(g)).extracting(ProcessNode::pid).containsExactly(3);
        assertThat(ProcessSelector.parse("/bin/sh").select(g)).extracting(ProcessNode::pid).containsExactly(2, 4);
        assertThat(ProcessSelector.parse("grep").select(g)).extracting(ProcessNode::pid).containsExactly(5);
        assertThat(ProcessSelector.parse("ls *").select(g)).extracting(ProcessNode::pid).containsExactly(3);
        assertThat(ProcessSelector.parse("cmd:*ls | grep*").select(g)).extracting(ProcessNode::pid)
                .containsExactly(2, 4);
        assertThat(ProcessSelector.parse("g[rx]ep").select(g)).extracting(ProcessNode::pid).containsExactly(5);
        assertThatThrownBy(() -> ProcessSelector.selectAll(g, List.of(ProcessSelector.parse("apache2"))))
                .hasMessage("no process matches \"apache2\"; the trace has: grep, init, ls, sh");
    }
}
