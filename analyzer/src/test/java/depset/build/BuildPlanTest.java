package depset.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depset.fsops.PosixFiles;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan of a build and the tree writer on regular files, symlinks and hard links (JDK only, no root). */
@Tag("unit")
class BuildPlanTest {
    @TempDir
    Path dir;
    Path src;
    SourceTree source;

    @BeforeEach
    void source() throws IOException {
        src = Files.createDirectories(dir.resolve("src"));
        Files.createDirectories(src.resolve("usr/lib"));
        Files.writeString(src.resolve("usr/lib/a.so"), "library a");
        Files.createLink(src.resolve("usr/lib/b.so"), src.resolve("usr/lib/a.so"));
        Files.createSymbolicLink(src.resolve("usr/lib/link.so"), Path.of("a.so"));
        Files.createSymbolicLink(src.resolve("lib"), Path.of("usr/lib"));
        Files.writeString(src.resolve("usr/unlisted"), "not in the set");
        source = new SourceTree(src, PosixFiles.jdkOnly());
    }

    private ManifestEntry entry(String path) throws IOException {
        Path p = src.resolve(path.substring(1));
        Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        FileType type = FileType.ofMode((Integer) a.get("mode"));
        return new ManifestEntry(path, type, (Integer) a.get("mode") & 07777, (Integer) a.get("uid"),
                (Integer) a.get("gid"), (Long) a.get("size"),
                ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                type == FileType.SYMLINK ? Files.readSymbolicLink(p).toString() : null,
                path.endsWith(".so") && type == FileType.FILE ? "group-a" : null,
                List.of(new Reason("test", 0, null, null)));
    }

    private Manifest manifest(List<ManifestEntry> entries) {
        return Manifest.of(src.toString(), "strict", List.of(), List.of(), List.of(), entries);
    }

    @Test
    void addsParentsFromTheSourceAndLinksTheSecondNameOfAnInode() throws Exception {
        BuildPlan plan = BuildPlan.of(manifest(List.of(entry("/usr/lib/a.so"), entry("/usr/lib/b.so"),
                entry("/usr/lib/link.so"))), source, false);
        List<PlanItem> own = plan.items().stream().filter(i -> !Skeleton.contains(i.path())).toList();
        assertThat(own).extracting(PlanItem::path)
                .containsExactly("/", "/usr/lib/a.so", "/usr/lib/b.so", "/usr/lib/link.so");
        assertThat(own).filteredOn(PlanItem::listed).hasSize(3);
        assertThat(own.get(2).hardLinkTo()).isEqualTo("/usr/lib/a.so");
        assertThat(plan.items()).extracting(PlanItem::path).contains("/usr", "/usr/lib", "/tmp", "/var/tmp", "/proc");

        Path tree = dir.resolve("tree");
        TreeWriter.Result r = TreeWriter.into(tree, source, false).write(plan);
        assertThat(r.files()).isEqualTo(plan.items().size() - 1);
        assertThat(Files.readString(tree.resolve("usr/lib/b.so"))).isEqualTo("library a");
        assertThat(Files.getAttribute(tree.resolve("usr/lib/b.so"), "unix:ino"))
                .isEqualTo(Files.getAttribute(tree.resolve("usr/lib/a.so"), "unix:ino"));
        assertThat(Files.readSymbolicLink(tree.resolve("usr/lib/link.so"))).isEqualTo(Path.of("a.so"));
        assertThat(tree.resolve("usr/unlisted")).doesNotExist();
        assertThat(Files.getLastModifiedTime(tree.resolve("usr/lib")))
                .isEqualTo(Files.getLastModifiedTime(src.resolve("usr/lib")));
    }

    @Test
    void listsMissingChangedAndUnsafeEntriesTwentyAtMost() throws Exception {
        List<ManifestEntry> entries = new ArrayList<>();
        ManifestEntry a = entry("/usr/lib/a.so");
        entries.add(new ManifestEntry(a.path(), a.type(), a.mode(), a.uid(), a.gid(), a.size() + 1, a.mtime(),
                null, null, a.reasons()));
        for (int i = 0; i < 23; i++) {
            entries.add(new ManifestEntry("/gone/" + (char) ('a' + i), FileType.FILE, 0644, 0, 0, 1, 0, null, null,
                    a.reasons()));
        }
        entries.add(new ManifestEntry("/lib/a.so", FileType.FILE, 0644, 0, 0, 9, 0, null, null, a.reasons()));
        assertThatThrownBy(() -> BuildPlan.of(manifest(entries), source, false))
                .isInstanceOf(SourceMismatchException.class)
                .hasMessageContaining("23 entries not in the source: /gone/a, /gone/b")
                .hasMessageContaining("and 3 more")
                .hasMessageContaining("1 entry changed in the source since the trace: /usr/lib/a.so")
                .hasMessageContaining("/lib/a.so (/lib is not a directory in the source)");
        BuildPlan allowed = BuildPlan.of(manifest(entries), source, true);
        assertThat(allowed.listed()).extracting(PlanItem::path).filteredOn(p -> !Skeleton.contains(p))
                .containsExactly("/usr/lib/a.so");
        assertThat(allowed.problems().missing()).hasSize(23);
    }

    @Test
    void aPathThatClimbsOutIsRefusedEvenWhenChangesAreAllowed() throws Exception {
        ManifestEntry climb = new ManifestEntry("/usr/../../etc/passwd", FileType.FILE, 0644, 0, 0, 1, 0, null, null,
                List.of(new Reason("test", 0, null, null)));
        assertThatThrownBy(() -> BuildPlan.of(manifest(List.of(climb)), source, true))
                .hasMessageContaining("/usr/../../etc/passwd (has a \"..\" component)");
    }

    @Test
    void aBuiltTreeHasTheStandardSkeletonWithItsModesMarkedWithTheRuleSkeleton() throws Exception {
        BuildPlan plan = BuildPlan.of(manifest(List.of(entry("/usr/lib/a.so"))), source, false);
        Path tree = dir.resolve("skeleton");
        TreeWriter.into(tree, source, false).write(plan);
        for (String d : List.of("tmp", "var/tmp")) {
            assertThat(Files.isDirectory(tree.resolve(d))).as(d).isTrue();
            assertThat((Integer) Files.getAttribute(tree.resolve(d), "unix:mode") & 07777).as(d).isEqualTo(01777);
        }
        for (String d : List.of("run", "proc", "sys", "dev", "etc", "home", "root", "srv", "var/log", "usr/bin")) {
            assertThat(Files.isDirectory(tree.resolve(d), LinkOption.NOFOLLOW_LINKS)).as(d).isTrue();
        }
        assertThat(plan.manifest().entry("/tmp").reasons()).extracting(Reason::rule).containsExactly(Skeleton.RULE);
        assertThat(plan.manifest().entry("/usr/lib/a.so").reasons()).extracting(Reason::rule).containsExactly("test");
    }
}
