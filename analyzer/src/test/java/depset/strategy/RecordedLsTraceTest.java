package depset.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import depset.graph.DependencyGraph;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.trace.FileType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End to end on a real recording: {@code depset run --root / --trace ls.jsonl -- /bin/ls /} on a
 * Debian 12 box (merged /usr). The set must hold what ls needs to start — the binary, the ELF
 * loader the kernel opened, the libraries, the loader cache, the symlinks on the way — and
 * nothing the kernel provides.
 */
@Tag("unit")
class RecordedLsTraceTest {
    private static final Path TRACE = Path.of("src/test/resources/traces/ls.jsonl");

    @Test
    void theStrictSetOfARecordedLsHoldsWhatLsNeeds() throws Exception {
        DependencyGraph g = DependencyGraph.read(TRACE);
        assertThat(g.info().complete()).isTrue();
        Analysis a = Analysis.of(g, List.of());
        assertThat(a.important()).singleElement().satisfies(p -> assertThat(p.argv()).containsExactly("/bin/ls", "/"));
        Manifest m = ManifestFactory.create(a, StrategyRegistry.standard().get("strict"), List.of(TRACE.toString()));
        List<String> paths = m.entries().stream().map(ManifestEntry::path).toList();
        assertThat(paths).contains("/", "/usr/bin/ls", "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
                "/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libselinux.so.1",
                "/etc/ld.so.cache", "/bin", "/lib64", "/usr/lib64/ld-linux-x86-64.so.2");
        assertThat(m.entry("/bin").type()).isEqualTo(FileType.SYMLINK);
        assertThat(m.entry("/bin").target()).isEqualTo("usr/bin");
        // libpcre2-8.so.0 is a symlink; its target is in the set as well
        String pcre = m.entry("/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0").target();
        assertThat(paths).contains("/usr/lib/x86_64-linux-gnu/" + pcre);
        assertThat(paths).noneMatch(Analysis::underKernelTree);
        assertThat(m.entry("/usr/bin/ls").reasons()).anySatisfy(r -> {
            assertThat(r.rule()).isEqualTo(StrictStrategy.RULE);
            assertThat(r.operation()).contains("exec");
        });
        assertThat(m.entry("/usr/lib/x86_64-linux-gnu/libc.so.6").size()).isGreaterThan(1_000_000);
        for (ManifestEntry e : m.entries()) {
            assertThat(e.reasons()).as(e.path()).isNotEmpty();
        }
    }
}
