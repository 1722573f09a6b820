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
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            for (boolean enabled : new boolean[] {true, false}) {
                try (Progress p = Progress.start("reading trace", 10, enabled)) {
                    assertThat(p.isShown()).isFalse();
                    p.maxHint(20);
                    p.stepTo(5);
                    p.stepBy(5);
                }
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).as("a silent bar writes nothing").isEmpty();
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
