package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ProgressTest {
    @Test
    void offATerminalOrWithQuietThereIsNoBar() {
        // surefire's stderr is a pipe, not a terminal
        assertThat(Progress.stderrIsTerminal()).isFalse();
        try (Progress p = Progress.start("reading trace", 10, true)) {
            assertThat(p.isShown()).isFalse();
            p.stepTo(5); // does nothing, and does not fail
        }
        try (Progress p = Progress.start("reading trace", 10, false)) {
            assertThat(p.isShown()).isFalse();
        }
    }

    @Test
    void aShownBarDrawsTheTaskAndCount() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Progress p = Progress.to(new PrintStream(buf, true, StandardCharsets.UTF_8), "reading trace", 100)) {
            assertThat(p.isShown()).isTrue();
            p.stepTo(100);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("reading trace").contains("100/100");
    }
}
