package depset.show;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import depset.graph.DependencyGraph;
import depset.graph.ProcessNode;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.manifest.ManifestProcess;
import depset.query.GraphQueries;
import depset.query.NoSuchProcessException;
import depset.report.ReportFixture;
import depset.trace.Phase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** depset show's parts on the report fixture's trace: init › sh › {ls, vim}. */
@Tag("unit")
class ShowTest {
    @TempDir
    Path dir;

    private static List<String> names(GraphSelection s) {
        return s.processes().stream().map(ProcessNode::name).toList();
    }

    private static String tree(GraphSelection s, boolean files) {
        StringWriter w = new StringWriter();
        ProcessTreeText.print(s, files, new PrintWriter(w));
        return w.toString();
    }

    @Test
    void detectsTracesAndSets() throws Exception {
        ReportFixture f = ReportFixture.build(dir);
        assertThat(ShowSource.isTrace(f.trace)).isTrue();
        assertThat(ShowSource.isTrace(f.set)).isFalse();
    }

    @Test
    void queriesChooseAncestorsDescendantsAndDepth() throws Exception {
        DependencyGraph g = ShowSource.load(ReportFixture.build(dir).trace);
        assertThat(names(GraphSelection.of(g, List.of(), List.of(), GraphQueries.ALL_LEVELS, false)))
                .containsExactlyInAnyOrder("init", "sh", "ls", "vim.basic");
        assertThat(names(GraphSelection.of(g, List.of(), List.of(), 1, false))).containsExactlyInAnyOrder("init", "sh");
        assertThat(names(GraphSelection.of(g, List.of("vim.basic"), List.of(), GraphQueries.ALL_LEVELS, false)))
                .containsExactlyInAnyOrder("init", "sh", "vim.basic");
        assertThat(names(GraphSelection.of(g, List.of(), List.of("sh"), 1, false)))
                .containsExactlyInAnyOrder("sh", "ls", "vim.basic");
        GraphSelection withFiles = GraphSelection.of(g, List.of(), List.of("20"), GraphQueries.ALL_LEVELS, true);
        assertThat(withFiles.files()).extracting(depset.graph.FileNode::path)
                .contains("/usr/bin/ls", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/etc/ld.so.preload");
        assertThatThrownBy(() -> GraphSelection.of(g, List.of("nginx"), List.of(), -1, false))
                .isInstanceOf(NoSuchProcessException.class).hasMessageContaining("ls, sh, vim, vim.basic");
    }

    @Test
    void theTreeShowsCountsAndThePathItsSteps() throws Exception {
        DependencyGraph g = ShowSource.load(ReportFixture.build(dir).trace);
        String t = tree(GraphSelection.of(g, List.of(), List.of(), -1, false), false);
        assertThat(t).contains("init [1]  (0 files, 3 descendants, work)")
                .contains("└─ sh [10] sh -c ls; vim app.py  (0 files, 2 descendants, work)")
                .contains("   ├─ ls [20] ls /srv  (5 files, 0 descendants, work)")
                .contains("   └─ vim.basic [30] vim app.py  (4 files, 0 descendants, work, exit 1)")
                .contains("4 processes");
        String withFiles = tree(GraphSelection.of(g, List.of(), List.of("vim.basic"), -1, true), true);
        assertThat(withFiles).contains("├─ /srv/app/app.py  open").contains("└─ /home/nobody/.vimrc  probe-missing");

        GraphSelection p = GraphSelection.path(g, "/srv/app/tls/server.key", "ls");
        assertThat(tree(p, false)).isEqualTo("""
                /srv/app/tls/server.key
                  <-[open]- vim.basic [30]
                  <-[fork]- sh [10]
                  -[fork]-> ls [20]
                3 steps
                """);
    }

    @Test
    void dotAndJsonComeFromJgraphtIo() throws Exception {
        DependencyGraph g = ShowSource.load(ReportFixture.build(dir).trace);
        GraphSelection s = GraphSelection.of(g, List.of(), List.of("ls"), -1, true);
        String dot = GraphFormats.dot(s.view());
        assertThat(dot).containsPattern("^(strict )?digraph depset \\{").contains("label=\"ls [20]\"")
                .contains("label=\"/usr/lib/x86_64-linux-gnu/libc.so.6\"").contains("shape=\"box\"")
                .contains("label=\"probe-missing\"").contains("->");

        StringWriter json = new StringWriter();
        GraphFormats.json(s.view(), json);
        JsonNode tree = new ObjectMapper().readTree(json.toString());
        assertThat(tree.get("nodes")).hasSize(1 + s.files().size());
        assertThat(tree.get("edges")).hasSize(s.files().size());
        assertThat(tree.get("nodes").toString()).contains("\"kind\":\"process\"").contains("\"pid\":20");
    }

    @Test
    void aSetBecomesAGraphOfItsProcessTableAndReasons() throws Exception {
        ReportFixture f = ReportFixture.build(dir);
        Manifest m = ManifestJson.read(f.set).withProcesses(List.of(
                new ManifestProcess(1, 0, "/sbin/init", List.of("init"), Phase.WORK),
                new ManifestProcess(10, 1, "/usr/bin/sh", List.of("sh", "-c", "x"), Phase.WORK),
                new ManifestProcess(20, 10, "/usr/bin/ls", List.of("ls"), Phase.WORK),
                new ManifestProcess(30, 10, "/usr/bin/vim.basic", List.of("vim"), Phase.WORK)));
        Path set = dir.resolve("with-processes.json");
        ManifestJson.write(m, set);
        DependencyGraph g = ShowSource.load(set);
        String t = tree(GraphSelection.of(g, List.of("ls"), List.of(), -1, true), true);
        assertThat(t).contains("init [1]").contains("└─ sh [10]").contains("ls [20]  (3 files")
                .contains("/usr/bin/ls  exec").contains("/etc/ld.so.cache  open");
    }
}
