package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.vm.run.ShippedSequences;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code depset eval --sequences all}: every shipped sequence, the services' too, each once. */
@Tag("unit")
class EvalSequencesTest {
    @Test
    void allStandsForEveryShippedSequenceOnce() {
        assertThat(EvalCommand.expandAll(List.of("all"))).isEqualTo(ShippedSequences.names())
                .contains("ls", "lamp", "host", "nginx", "postgres", "redis", "python", "tls", "locale");
        assertThat(EvalCommand.expandAll(List.of("lamp", " all", "ls@trixie", "lamp")))
                .startsWith("lamp", "ls", "host").endsWith("locale", "ls@trixie")
                .doesNotHaveDuplicates();
        assertThat(EvalCommand.expandAll(List.of("ls", "my.seq"))).containsExactly("ls", "my.seq");
    }
}
