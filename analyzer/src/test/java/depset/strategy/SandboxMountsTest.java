package depset.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import depset.explain.Why;
import depset.graph.Traces;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The root's directories the sandbox mounted its own file systems on (the trace's header names
 * them) are in no set: every built tree has them, and the kernel could answer their lookups
 * without TraceFs, so whoever used them must decide nothing. A trace that does not name them
 * ({@code depset mount}, older traces) keeps them as any other directory.
 */
@Tag("unit")
class SandboxMountsTest {
    private final StrategyRegistry registry = StrategyRegistry.standard();

    @Test
    void aDirectoryTheSandboxMountedOnIsInNoSet() {
        Analysis a = Analysis.of(Scenario.sequence().graph(Traces.HEADER.withSandboxMounts(List.of("/run", "/proc"))),
                List.of("ls"));
        for (String strategy : List.of("strict", "system", "execd", "all")) {
            assertThat(Scenario.paths(a, a.select(registry.get(strategy)))).as(strategy)
                    .doesNotContain("/run", "/proc").contains("/", "/etc");
        }
        assertThat(Why.explainAbsent(a, registry, "strict", "/run")).element(1).asString()
                .contains("The sandbox mounted a file system of its own on it");
    }

    @Test
    void withoutTheSandboxsMountsTheDirectoryStays() {
        Analysis a = Analysis.of(Scenario.sequence().graph(Traces.HEADER), List.of("ls"));
        assertThat(Scenario.paths(a, a.select(registry.get("strict")))).contains("/run");
        assertThat(Scenario.paths(a, a.select(registry.get("all")))).contains("/run");
    }
}
