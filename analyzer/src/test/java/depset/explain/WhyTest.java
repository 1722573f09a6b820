package depset.explain;

import static org.assertj.core.api.Assertions.assertThat;

import depset.graph.DependencyGraph;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.strategy.Analysis;
import depset.strategy.ManifestFactory;
import depset.strategy.RealisticTraces;
import depset.strategy.StrategyRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class WhyTest {
    private final StrategyRegistry registry = StrategyRegistry.standard();

    private static DependencyGraph sequence() throws Exception {
        return DependencyGraph.read(Path.of("src/test/resources/traces/sequence-constructed.jsonl"));
    }

    @Test
    void anEntryExplainsRuleProcessChainAndOperations() throws Exception {
        Analysis a = Analysis.of(sequence(), List.of("ls"));
        Manifest m = ManifestJson.parse("m", ManifestJson.toJson(ManifestFactory.create(a, registry.get("strict"),
                List.of("t.jsonl"))));
        assertThat(Why.explainEntry(m, "/usr/lib/libc.so.6")).containsExactly(
                "/usr/lib/libc.so.6 is in the strict set (file, 1000 bytes):",
                "  rule strict: touched by an important process, a descendant or an ancestor",
                "    by process 31 /bin/ls (ls /) [run]: open,read",
                "      started by process 30 /bin/sh (sh -c ls /; helper) [run]",
                "      (30 is the root of the run, phase run)",
                "  rule strict: touched by an important process, a descendant or an ancestor",
                "    by process 30 /bin/sh (sh -c ls /; helper) [run]: open,read",
                "      (30 is the root of the run, phase run)");
        assertThat(Why.explainEntry(m, "/etc/helper.conf")).isNull();
    }

    @Test
    void aMissingPathSaysWhichStrategyWouldAddItAndWhyNotThisOne() throws Exception {
        Analysis a = Analysis.of(sequence(), List.of("ls"));
        assertThat(Why.explainAbsent(a, registry, "strict", "/etc/helper.conf")).containsExactly(
                "/etc/helper.conf is not in the strict set.",
                "  The all strategy would add it (every file a process of the run accessed):",
                "    rule all: accessed by a process of the run, process 32 /usr/bin/helper: open,read",
                "  Not strict, because no process that touched it is one strict counts (important: ls):",
                "    process 32 /usr/bin/helper [run] (phase run, not an important process, descendant or ancestor): "
                        + "open,read");
        assertThat(Why.explainAbsent(a, registry, "strict", "/run/rc.pid")).element(1).asString()
                .contains("created during the run");
        assertThat(Why.explainAbsent(a, registry, "strict", "/etc/sandbox.conf")).element(1).asString()
                .contains("Only the tracer's own set-up touched it");
        assertThat(Why.explainAbsent(a, registry, "strict", "/proc/self")).element(1).asString()
                .contains("/proc, /sys or /dev");
        assertThat(Why.explainAbsent(a, registry, "strict", "/etc/ls.conf")).element(1).asString()
                .contains("only probed");
        assertThat(Why.explainAbsent(a, registry, "strict", "/nowhere")).element(1).asString()
                .contains("No process of the trace reached it");
    }

    @Test
    void theLsManifestHasEntriesWithMetadataReasonsAndAProcessTable() {
        Analysis a = Analysis.of(RealisticTraces.ls().graph(), List.of());
        Manifest m = ManifestFactory.create(a, registry.get("strict"), List.of("ls.jsonl"));
        assertThat(m.entries()).extracting(e -> e.path()).containsExactly(
                "/", "/bin", "/etc", "/etc/ld.so.cache", "/lib64", "/usr", "/usr/bin", "/usr/bin/ls", "/usr/lib",
                "/usr/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
                "/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0",
                "/usr/lib/x86_64-linux-gnu/libselinux.so.1", "/usr/lib64", "/usr/lib64/ld-linux-x86-64.so.2");
        // the probed locale files did not exist, and nothing looked up their directories: not needed
        assertThat(m.entry("/lib64").target()).isEqualTo("usr/lib64");
        assertThat(m.entry("/lib64").size()).isEqualTo(9);
        assertThat(m.entry("/usr/bin/ls").mode()).isEqualTo(0644);
        assertThat(m.important()).containsExactly("pid:901");
        assertThat(m.processes()).extracting(p -> p.pid() + " " + p.ppid() + " " + p.phase())
                .containsExactly("900 0 null", "901 900 run");
        assertThat(m.totals().files()).isEqualTo(m.entries().size());
        assertThat(ManifestJson.parse("m", ManifestJson.toJson(m))).isEqualTo(m);
    }
}
