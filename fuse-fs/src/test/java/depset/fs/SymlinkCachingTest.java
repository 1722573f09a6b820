package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.Op;
import depset.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbolic links' targets kept by the kernel ({@link SymlinkTargets}), the default: every process
 * that resolves a link is recorded by its lookup of the link's name; only the first follow reads
 * the target; and a link replaced behind the mount is followed to its new target.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class SymlinkCachingTest {
    @TempDir
    Path dir;

    private MountedTree mount(MountOptions options) throws IOException {
        MountedTree t = MountedTree.in(dir, options);
        Files.createDirectories(t.back("d1"));
        Files.createDirectories(t.back("d2"));
        Files.writeString(t.back("d1/f"), "one\n");
        Files.writeString(t.back("d2/f"), "two\n");
        Files.createSymbolicLink(t.back("link"), Path.of("d1"));
        return t;
    }

    @Test
    void aSecondProcessFollowingALinkIsRecordedByItsLookupWithoutAReadlink() throws Exception {
        TwoFollows f = twoFollows(MountOptions.defaults());
        assertThat(f.first.out()).isEqualTo("one\n");
        assertThat(f.second.out()).isEqualTo("one\n");
        assertThat(requests(f.events, f.first.pid())).contains(Op.GETATTR + " /link", Op.READLINK + " /link",
                Op.OPEN + " /d1/f");
        assertThat(requests(f.events, f.second.pid())).contains(Op.GETATTR + " /link", Op.OPEN + " /d1/f")
                .doesNotContain(Op.READLINK + " /link");
    }

    @Test
    void withNothingCachedEveryFollowReadsTheTarget() throws Exception {
        TwoFollows f = twoFollows(MountOptions.defaults().cache(KernelCache.NONE));
        assertThat(requests(f.events, f.first.pid())).contains(Op.READLINK + " /link");
        assertThat(requests(f.events, f.second.pid())).contains(Op.READLINK + " /link");
    }

    private record TwoFollows(Commands.Result first, Commands.Result second, List<TraceEvent> events) {
    }

    /** Two processes, one after the other, read a file through the link; then the trace. */
    private TwoFollows twoFollows(MountOptions options) throws IOException {
        MountedTree t = mount(options);
        Commands.Result first;
        Commands.Result second;
        try {
            first = Commands.run("cat", t.at("link/f").toString());
            second = Commands.run("cat", t.at("link/f").toString());
        } finally {
            t.close();
        }
        return new TwoFollows(first, second, t.events());
    }

    @Test
    void aLinkReplacedBehindTheMountIsFollowedToItsNewTarget() throws Exception {
        MountedTree t = mount(MountOptions.defaults());
        try {
            assertThat(Commands.run("cat", t.at("link/f").toString()).out()).isEqualTo("one\n");
            Files.delete(t.back("link"));
            Files.createSymbolicLink(t.back("link"), Path.of("d2"));
            Commands.Result after = Commands.run("cat", t.at("link/f").toString());
            assertThat(after.out()).isEqualTo("two\n");
            assertThat(Files.readSymbolicLink(t.at("link"))).isEqualTo(Path.of("d2"));
        } finally {
            t.close();
        }
    }

    /** The requests of one process, as "OP path". */
    private static List<String> requests(List<TraceEvent> events, long pid) {
        return MountedTree.fileEvents(events).stream().filter(f -> f.pid() == pid)
                .map(f -> f.op() + " " + f.path()).toList();
    }
}
