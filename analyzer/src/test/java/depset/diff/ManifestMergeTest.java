package depset.diff;

import static depset.diff.Entries.dir;
import static depset.diff.Entries.file;
import static depset.diff.Entries.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ManifestMergeTest {

    @Test
    void unionKeepsEveryPathAndTagsEachReasonWithItsRun() {
        Manifest ls = manifest("strict", dir("/usr"), file("/usr/bin/ls", 100, "strict"), file("/etc/ld.so.cache", 9, "strict"));
        Manifest lamp = manifest("auto", dir("/usr"), file("/usr/sbin/apache2", 700, "strict"),
                file("/etc/ld.so.cache", 9, "auto"));

        Manifest m = ManifestMerge.merge(List.of(new ManifestMerge.Input("ls.json", ls),
                new ManifestMerge.Input("lamp.json", lamp)));

        Set<String> union = new TreeSet<>();
        ls.entries().forEach(e -> union.add(e.path()));
        lamp.entries().forEach(e -> union.add(e.path()));
        assertThat(m.entries()).extracting(ManifestEntry::path).containsExactlyElementsOf(union);
        assertThat(m.strategy()).isEqualTo("merge");
        assertThat(m.traces()).containsExactly("strict.jsonl", "auto.jsonl");
        assertThat(m.totals().bytes()).isEqualTo(100 + 9 + 700);

        assertThat(m.entry("/etc/ld.so.cache").reasons()).extracting(Reason::rule, Reason::run)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("strict", "ls.json"),
                        org.assertj.core.groups.Tuple.tuple("auto", "lamp.json"));
        assertThat(m.entry("/usr/sbin/apache2").reasons()).extracting(Reason::run).containsExactly("lamp.json");
        // The union differs from neither input by a path that neither has.
        assertThat(ManifestDiff.of("ls", ls, "m", m).removed()).isEmpty();
        assertThat(ManifestDiff.of("lamp", lamp, "m", m).removed()).isEmpty();
    }

    @Test
    void mergingAMergeKeepsTheOriginalRuns() {
        Manifest a = manifest("strict", file("/x", 1, "strict"));
        Manifest b = manifest("strict", file("/x", 1, "strict"));
        Manifest ab = ManifestMerge.merge(List.of(new ManifestMerge.Input("a", a), new ManifestMerge.Input("b", b)));
        Manifest abc = ManifestMerge.merge(List.of(new ManifestMerge.Input("ab", ab),
                new ManifestMerge.Input("c", manifest("strict", file("/x", 1, "other")))));
        assertThat(abc.entry("/x").reasons()).extracting(Reason::run).containsExactly("a", "b", "c");
    }

    @Test
    void conflictingMetadataIsAnErrorNamingThePath() {
        Manifest a = manifest("strict", file("/etc/hosts", 10, "strict"));
        Manifest b = manifest("strict", file("/etc/hosts", 12, "strict"));
        assertThatThrownBy(() -> ManifestMerge.merge(List.of(new ManifestMerge.Input("a.json", a),
                new ManifestMerge.Input("b.json", b))))
                .isInstanceOf(MergeConflictException.class)
                .hasMessage("/etc/hosts: a.json and b.json disagree (size 10 vs 12)")
                .extracting(t -> ((MergeConflictException) t).path()).isEqualTo("/etc/hosts");
    }

    @Test
    void setsOfDifferentRootsDoNotMerge() {
        Manifest a = manifest("strict", file("/x", 1, "strict"));
        Manifest b = Manifest.of("/other", "strict", List.of(), List.of(), List.of(), List.of(file("/x", 1, "s")));
        assertThatThrownBy(() -> ManifestMerge.merge(List.of(new ManifestMerge.Input("a", a),
                new ManifestMerge.Input("b", b)))).isInstanceOf(MergeConflictException.class)
                .hasMessageContaining("different roots");
    }
}
