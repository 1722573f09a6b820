package depset.build;

import static org.assertj.core.api.Assertions.assertThat;

import depset.graph.DependencyGraph;
import depset.graph.ProcessNode;
import depset.graph.Traces;
import depset.trace.Phase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A reduced run's processes find their counterparts by place, executable and argv, never by pid. */
@Tag("unit")
class ProcessMatchingTest {
    private static ProcessNode pid(DependencyGraph g, int pid) {
        return g.processes().stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
    }

    private static int counterpart(ProcessMatching m, DependencyGraph reduced, int pid) {
        return m.counterpart(pid(reduced, pid)).map(ProcessNode::pid).orElse(-1);
    }

    @Test
    void stepRootsMatchByPhaseAndStepAndChildrenByExecsInOrder() {
        DependencyGraph original = new Traces()
                .fork(1, 10).phase(10, Phase.WORK, "login").exec(10, "/bin/sh", "sh", "-c", "login; cat a; cat a")
                .fork(10, 11).exec(11, "/bin/login", "login", "-f", "root")
                .fork(10, 12).exec(12, "/bin/cat", "cat", "a")
                .fork(10, 13).exec(13, "/bin/cat", "cat", "a")
                .fork(1, 20).phase(20, Phase.WORK, "ls").exec(20, "/bin/ls", "ls", "/")
                .graph();
        // Other pids, the steps in another order, and the first cat started before login.
        DependencyGraph reduced = new Traces()
                .fork(1, 220).phase(220, Phase.WORK, "ls").exec(220, "/bin/ls", "ls", "/")
                .fork(1, 210).phase(210, Phase.WORK, "login").exec(210, "/bin/sh", "sh", "-c", "login; cat a; cat a")
                .fork(210, 212).exec(212, "/bin/cat", "cat", "a")
                .fork(210, 211).exec(211, "/bin/login", "login", "-f", "root")
                .fork(210, 213).exec(213, "/bin/cat", "cat", "a")
                .graph();
        ProcessMatching m = ProcessMatching.of(original, reduced);
        assertThat(counterpart(m, reduced, 220)).isEqualTo(20);
        assertThat(counterpart(m, reduced, 210)).isEqualTo(10);
        assertThat(counterpart(m, reduced, 211)).isEqualTo(11);
        assertThat(counterpart(m, reduced, 212)).isEqualTo(12);
        assertThat(counterpart(m, reduced, 213)).isEqualTo(13);
    }

    @Test
    void aForkWhoseExecFailedMatchesTheChildThatExecdAndStrangersMatchNothing() {
        DependencyGraph original = new Traces()
                .fork(1, 10).phase(10, Phase.RUN, "command").exec(10, "/bin/sh", "sh", "-c", "helper; date")
                .fork(10, 11).exec(11, "/usr/bin/helper", "helper")
                .fork(10, 12).exec(12, "/bin/date", "date", "+%s.1234")
                .graph();
        DependencyGraph reduced = new Traces()
                .fork(1, 50).phase(50, Phase.RUN, "verify").exec(50, "/bin/sh", "sh", "-c", "helper; date")
                .fork(50, 51) // the shell's fork could not find helper: no exec
                .fork(50, 52).exec(52, "/bin/date", "date", "+%s.9876")
                .fork(50, 53).exec(53, "/bin/echo", "echo", "helper: not found")
                .graph();
        ProcessMatching m = ProcessMatching.of(original, reduced);
        assertThat(counterpart(m, reduced, 50)).as("a plain run's only root, step names aside").isEqualTo(10);
        assertThat(counterpart(m, reduced, 51)).as("diverged before its exec").isEqualTo(11);
        assertThat(counterpart(m, reduced, 52)).as("same executable, argv with a time in it").isEqualTo(12);
        assertThat(counterpart(m, reduced, 53)).isEqualTo(-1);
        assertThat(m.size()).isEqualTo(3);
    }

    @Test
    void aForkThatSoughtAProgramInVainMatchesTheChildThatExecdThatProgram() {
        DependencyGraph original = new Traces()
                .fork(1, 10).phase(10, Phase.BOOT, "mariadb").exec(10, "/bin/sh", "sh", "/etc/init.d/mariadb", "start")
                .fork(10, 11).exec(11, "/usr/bin/df", "df", "/var/lib/mysql")
                .fork(10, 12).exec(12, "/usr/bin/mktemp", "mktemp")
                .graph();
        // df is gone from the tree too, but the shell never got that far in this order: only mktemp was sought.
        DependencyGraph reduced = new Traces()
                .fork(1, 50).phase(50, Phase.BOOT, "mariadb").exec(50, "/bin/sh", "sh", "/etc/init.d/mariadb", "start")
                .fork(50, 51).probe(51, "/usr/local/bin/mktemp").probe(51, "/usr/bin/mktemp")
                .graph();
        ProcessMatching m = ProcessMatching.of(original, reduced);
        assertThat(counterpart(m, reduced, 51)).isEqualTo(12);
    }
}
