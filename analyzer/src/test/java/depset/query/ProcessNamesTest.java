package depset.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depset.graph.DependencyGraph;
import depset.graph.ProcessNode;
import depset.graph.Traces;
import depset.trace.Op;
import depset.trace.Phase;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A process answers to the names a user knows it by, though its executable is a symlink's target. */
@Tag("unit")
class ProcessNamesTest {
    /**
     * Debian's redis: /usr/bin/redis-server is a link to redis-check-rdb. Process 40 was exec'd by
     * the link with argv[0] rewritten to something else; process 41 by a plain "redis-server".
     */
    private static DependencyGraph redis() {
        return new Traces().dir("/").dir("/usr").dir("/usr/bin")
                .symlink("/usr/bin/redis-server", "redis-check-rdb").symlink("/usr/bin/python3", "python3.11")
                .fork(1, 30).phase(30, Phase.BOOT, "redis").exec(30, "/bin/sh", "sh", "/etc/init.d/redis-server")
                .fork(30, 40).stat(40, "/usr/bin/redis-server").op(40, Op.READLINK, "/usr/bin/redis-server")
                .exec(40, "/usr/bin/redis-check-rdb", "daemon *:6379").execOpen(40, "/usr/bin/redis-check-rdb")
                .fork(30, 41).exec(41, "/usr/bin/redis-check-rdb", "redis-server", "--port", "6380")
                .execOpen(41, "/usr/bin/redis-check-rdb")
                .fork(30, 42).exec(42, "/usr/bin/python3.11", "python3", "-c", "pass")
                .execOpen(42, "/usr/bin/python3.11")
                .graph();
    }

    private static List<Integer> pids(DependencyGraph g, String selector) {
        return ProcessSelector.parse(selector).select(g).stream().map(ProcessNode::pid).toList();
    }

    @Test
    void aNameMatchesCommArgvZeroTheExecdPathOrTheResolvedExecutable() {
        DependencyGraph g = redis();
        assertThat(pids(g, "redis-server")).as("comm (exec'd by the link) or argv[0]").containsExactly(40, 41);
        assertThat(pids(g, "redis-check-rdb")).as("the resolved executable").containsExactly(40, 41);
        assertThat(pids(g, "python3")).as("argv[0]").containsExactly(42);
        assertThat(pids(g, "python3.11")).containsExactly(42);
        assertThat(pids(g, "redis-*")).containsExactly(40, 41);
    }

    @Test
    void anExePathMatchesBeforeAndAfterResolution() {
        DependencyGraph g = redis();
        assertThat(pids(g, "exe:/usr/bin/redis-server")).containsExactly(40, 41);
        assertThat(pids(g, "/usr/bin/redis-check-rdb")).containsExactly(40, 41);
        assertThat(pids(g, "exe:/usr/bin/python3")).as("resolved through the trace's link").containsExactly(42);
    }

    @Test
    void whenNothingMatchesTheErrorListsTheNamesAUserWouldType() {
        DependencyGraph g = redis();
        assertThatThrownBy(() -> ProcessSelector.selectAll(g, List.of(ProcessSelector.parse("redis"))))
                .hasMessage("no process matches \"redis\"; the trace has: daemon *:6379, pid 1, python3, python3.11, "
                        + "redis-check-rdb, redis-server, sh");
    }
}
