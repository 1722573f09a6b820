package depset.show;

import static org.assertj.core.api.Assertions.assertThat;

import depset.graph.DependencyGraph;
import depset.report.ReportFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** Graphviz's dot renders depset show's dot text: host tier, since it runs the host's dot. */
@Tag("host")
@EnabledIf(value = "dotInstalled", disabledReason = "graphviz is not installed (.ci/install)")
class GraphvizRenderTest {
    @TempDir
    Path dir;

    static boolean dotInstalled() {
        return GraphvizRender.dotProgram() != null;
    }

    @Test
    void dotRendersSvgAndPng() throws Exception {
        DependencyGraph g = ShowSource.load(ReportFixture.build(dir).trace);
        String dot = GraphFormats.dot(GraphSelection.of(g, List.of(), List.of("ls"), -1, true).view());
        Path svg = dir.resolve("g.svg");
        GraphvizRender.render(dot, "svg", svg);
        assertThat(Files.readString(svg)).contains("<svg").contains("ls [20]");
        Path png = dir.resolve("g.png");
        GraphvizRender.render(dot, "png", png);
        byte[] head = Files.readAllBytes(png);
        assertThat(head[1]).isEqualTo((byte) 'P');
        assertThat(head[2]).isEqualTo((byte) 'N');
    }
}
