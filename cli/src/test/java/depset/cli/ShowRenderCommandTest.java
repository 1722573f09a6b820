package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.show.GraphvizRender;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** {@code depset show --render} runs the host's Graphviz: host tier, skipped with a reason without it. */
@Tag("host")
@EnabledIf(value = "dotInstalled", disabledReason = "graphviz is not installed (.ci/install)")
class ShowRenderCommandTest {
    @TempDir
    Path dir;

    static boolean dotInstalled() {
        return GraphvizRender.dotProgram() != null;
    }

    @Test
    void rendersSvg() throws Exception {
        Path svg = dir.resolve("g.svg");
        CliRun render = CliRun.of("show", ShowCommandTest.trace(dir).toString(), "--render", "svg", "-o",
                svg.toString());
        assertThat(render.exit()).as(render.err()).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(svg)).contains("<svg").contains("ls [6]");
    }
}
