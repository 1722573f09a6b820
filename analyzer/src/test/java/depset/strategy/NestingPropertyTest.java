package depset.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import depset.graph.DependencyGraph;
import depset.graph.FileNode;
import depset.graph.ProcessNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The four strategies nest, strict ⊆ system ⊆ execd ⊆ all, on every trace we have and on random ones. */
@Tag("unit")
class NestingPropertyTest {
    private static final Path TRACES = Path.of("src/test/resources/traces");
    private static final int MAX_IMPORTANT_PER_TRACE = 40;

    static Stream<Path> resourceTraces() throws IOException {
        try (Stream<Path> s = Files.list(TRACES)) {
            List<Path> all = s.filter(p -> p.getFileName().toString().matches(".*\\.jsonl(\\.gz)?")).sorted().toList();
            return all.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("resourceTraces")
    void strategiesNestOnEveryTraceInTheResources(Path trace) throws IOException {
        DependencyGraph g = DependencyGraph.read(trace);
        assertNested(g, List.of());
        List<ProcessNode> run = new ArrayList<>(g.processes().stream().filter(g::inRun).toList());
        // Each process of the run as the important one; of a big run (LAMP's ~300 processes, one
        // analysis each), a fixed sample of them, so that the unit tier stays quick.
        java.util.Collections.shuffle(run, new java.util.Random(run.size()));
        for (ProcessNode p : run.subList(0, Math.min(run.size(), MAX_IMPORTANT_PER_TRACE))) {
            assertNested(g, List.of("pid:" + p.pid()));
        }
    }

    @Test
    void theResourcesHoldTraces() throws IOException {
        assertThat(resourceTraces()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void strategiesNestOnRandomTraces() {
        for (long seed = 0; seed < 300; seed++) {
            DependencyGraph g = RealisticTraces.random(seed).graph();
            List<String> important = new ArrayList<>();
            for (ProcessNode p : g.processes()) {
                if (g.inRun(p) && p.pid() % 2 == seed % 2) {
                    important.add("pid:" + p.pid());
                }
            }
            if (important.isEmpty()) {
                continue;
            }
            assertNested(g, important);
        }
    }

    private static void assertNested(DependencyGraph g, List<String> important) {
        Analysis a = Analysis.of(g, important);
        StrategyRegistry registry = StrategyRegistry.standard();
        Set<FileNode> previous = Set.of();
        for (Strategy s : registry.all()) {
            Selection sel = a.select(s);
            Set<FileNode> files = sel.files();
            assertThat(files).as("%s on %s with %s", s.name(), g.info().source(), important).containsAll(previous);
            for (FileNode f : files) {
                assertThat(sel.reasons(f)).isNotEmpty();
                assertThat(a.eligible(f)).isTrue();
                assertThat(f.created() || f.missing()).isFalse();
            }
            previous = files;
        }
    }
}
