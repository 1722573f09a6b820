package depset.diff;

import static depset.diff.Entries.dir;
import static depset.diff.Entries.file;
import static depset.diff.Entries.link;
import static depset.diff.Entries.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ManifestDiffTest {

    @Test
    void equalSetsHaveAnEmptyDiffEvenWithOtherReasons() {
        Manifest a = manifest("strict", dir("/usr"), file("/usr/bin/ls", 100, "strict"));
        Manifest b = manifest("execd", dir("/usr"), file("/usr/bin/ls", 100, "execd: exec'd"));
        ManifestDiff d = ManifestDiff.of("a", a, "b", b);
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.bytesGained()).isZero();
        assertThat(DiffText.summary(d)).startsWith("equal");
    }

    @Test
    void listsAddedRemovedAndChangedWithBytesAndReasons() {
        Manifest a = manifest("strict", dir("/usr"), file("/usr/bin/ls", 100, "strict"),
                file("/etc/gone", 7, "strict"), link("/bin", "usr/bin"),
                file("/etc/passwd", 50, "strict"));
        ManifestEntry chmodded = new ManifestEntry("/etc/passwd", FileType.FILE, 0600, 0, 42, 80, 5L, null, null,
                List.of(new Reason("execd: exec'd", 7, "/bin/sh", "open")));
        Manifest b = manifest("execd", dir("/usr"), file("/usr/bin/ls", 100, "strict"),
                file("/usr/lib/libc.so.6", 2000, "execd: exec'd"), link("/bin", "/usr/bin"), chmodded);

        ManifestDiff d = ManifestDiff.of("a", a, "b", b);

        assertThat(d.added()).extracting(ManifestEntry::path).containsExactly("/usr/lib/libc.so.6");
        assertThat(d.added().get(0).reasons()).extracting(Reason::rule).containsExactly("execd: exec'd");
        assertThat(d.removed()).extracting(ManifestEntry::path).containsExactly("/etc/gone");
        assertThat(d.changed()).extracting(EntryChange::path).containsExactly("/bin", "/etc/passwd");
        assertThat(d.changed().get(0).changes()).containsExactly(
                new FieldChange("size", "7", "8"), new FieldChange("target", "usr/bin", "/usr/bin"));
        assertThat(d.changed().get(1).changes()).containsExactly(
                new FieldChange("mode", "0644", "0600"), new FieldChange("owner", "0:0", "0:42"),
                new FieldChange("size", "50", "80"));
        // gained: the new library and the growth of /etc/passwd; lost: the removed file. Symlinks count no bytes.
        assertThat(d.bytesGained()).isEqualTo(2000 + 30);
        assertThat(d.bytesLost()).isEqualTo(7);
        assertThat(d.isEmpty()).isFalse();

        StringWriter text = new StringWriter();
        DiffText.print(d, new PrintWriter(text));
        assertThat(text.toString())
                .contains("- /etc/gone  file 0644 0:0 7 B")
                .contains("+ /usr/lib/libc.so.6  file 0644 0:0 2.0 KiB")
                .contains("    execd: exec'd (pid 42 /usr/bin/ls open)")
                .contains("~ /etc/passwd  mode 0644 -> 0600; owner 0:0 -> 0:42; size 50 -> 80")
                .contains("    B: execd: exec'd (pid 7 /bin/sh open)")
                .contains("1 added, 1 removed, 2 changed; +2.0 KiB, -7 B");
    }

    @Test
    void jsonRoundTripsAndSaysWhetherEqual() {
        Manifest a = manifest("strict", file("/a", 1, "strict"));
        Manifest b = manifest("strict", file("/b", 2, "strict"));
        ManifestDiff d = ManifestDiff.of("a.json", a, "b.json", b);
        String json = DiffJson.toJson(d);
        assertThat(json).contains("\"equal\" : false");
        assertThat(DiffJson.parse(json)).isEqualTo(d);
    }
}
