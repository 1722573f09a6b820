package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.vm.run.ShippedSequences;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code depset eval --sequences all}: every shipped sequence of one host, the services' too, each once. */
@Tag("unit")
class EvalSequencesTest {
    @Test
    void allStandsForEveryShippedSequenceOfOneHostOnce() throws Exception {
        List<String> all = EvalCommand.expandAll(List.of("all"));
        assertThat(all).startsWith("ls", "lamp", "host")
                .contains("nginx", "postgres", "redis", "python", "tls", "locale").doesNotHaveDuplicates();
        for (String name : ShippedSequences.names()) {
            assertThat(all.contains(name)).as(name).isNotEqualTo(ShippedSequences.byName(name).orElseThrow().multiHost());
        }
        assertThat(EvalCommand.expandAll(List.of("lamp", " all", "ls@trixie", "lamp")))
                .startsWith("lamp", "ls", "host").endsWith("ls@trixie").doesNotHaveDuplicates();
        assertThat(EvalCommand.expandAll(List.of("ls", "my.seq"))).containsExactly("ls", "my.seq");
    }
}
