package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.FileEvent;
import depset.trace.FileType;
import depset.trace.InodeEvent;
import depset.trace.Op;
import depset.trace.OpenFlags;
import depset.trace.ProcessEvent;
import depset.trace.TraceHeader;
import depset.trace.TraceWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ShowCommandTest {
    @TempDir
    Path dir;

    /** A trace of sh forking ls, which opens /bin/ls. */
    static Path trace(Path dir) throws Exception {
        Path t = dir.resolve("t.jsonl");
        try (TraceWriter w = TraceWriter.create(t, new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, "/",
                "2026-01-01T00:00:00Z", "box", "test", List.of("/bin/sh")))) {
            w.record(s -> new ProcessEvent.Exec(s, 1, 5, 5, "/bin/sh", List.of("sh")));
            w.record(s -> new ProcessEvent.Fork(s, 2, 5, 5, 6, 6));
            w.record(s -> new InodeEvent(s, 3, 1, 9, "/bin/ls", FileType.FILE, 0755, 0, 0, 10, 1, 0, null, false));
            w.record(s -> new FileEvent(s, 4, Op.OPEN, "/bin/ls", null, 1, 9, 6, 6, 0, 0, OpenFlags.EXEC, 0));
            w.record(s -> new ProcessEvent.Exec(s, 5, 6, 6, "/bin/ls", List.of("ls")));
            w.finish(0);
        }
        return t;
    }

    @Test
    void printsTheTreeDotAndJson() throws Exception {
        Path t = trace(dir);
        CliRun tree = CliRun.of("show", t.toString());
        assertThat(tree.exit()).isEqualTo(ExitCode.OK);
        assertThat(tree.out()).contains("sh [5]").contains("└─ ls [6]  (1 files, 0 descendants)");
        CliRun dot = CliRun.of("show", t.toString(), "--format", "dot", "--files");
        assertThat(dot.out()).containsPattern("^(strict )?digraph depset \\{").contains("label=\"/bin/ls\"");
        CliRun json = CliRun.of("show", t.toString(), "--format", "json", "--descendants", "ls");
        assertThat(json.out()).contains("\"nodes\"").contains("ls [6]").doesNotContain("sh [5]");
    }

    @Test
    void filesAreDrawnEachByDirectoryOrNotAtAll() throws Exception {
        Path t = trace(dir);
        CliRun dirs = CliRun.of("show", t.toString(), "--format", "dot", "--files", "dirs");
        assertThat(dirs.exit()).as(dirs.err()).isEqualTo(ExitCode.OK);
        assertThat(dirs.out()).contains("label=\"/bin/ (1 file)\"").contains("shape=\"folder\"").contains("label=\"ls [6]\"")
                .doesNotContain("label=\"/bin/ls\"").containsPattern("p\\d+ -> g0 \\[ label=\"[a-z,]*exec");
        CliRun none = CliRun.of("show", t.toString(), "--format", "dot", "--files", "none");
        assertThat(none.out()).contains("label=\"ls [6]\"").doesNotContain("/bin/ls");
        CliRun tree = CliRun.of("show", t.toString(), "--files");
        assertThat(tree.out()).contains("└─ /bin/ls  exec");
        CliRun bad = CliRun.of("show", t.toString(), "--files", "inodes");
        assertThat(bad.exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void badSelectorsAndOptionsAreUsageErrors() throws Exception {
        Path t = trace(dir);
        CliRun none = CliRun.of("show", t.toString(), "--ancestors", "nginx");
        assertThat(none.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(none.err()).isEqualTo("depset: no process matches \"nginx\"; the trace has: ls, sh\n");
        CliRun render = CliRun.of("show", t.toString(), "--render", "gif", "-o", "x");
        assertThat(render.exit()).isEqualTo(ExitCode.USAGE);
        CliRun noPath = CliRun.of("show", t.toString(), "--path", "/bin/ls", "/nonexistent");
        assertThat(noPath.exit()).isEqualTo(ExitCode.USAGE);
    }
}
