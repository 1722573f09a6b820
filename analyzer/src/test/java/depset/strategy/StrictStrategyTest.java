package depset.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depset.manifest.Reason;
import depset.query.NoSuchProcessException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class StrictStrategyTest {
    private final StrategyRegistry registry = StrategyRegistry.standard();

    @Test
    void importantLsTakesItsOwnFilesAndItsShellsButNotItsSiblings() {
        Analysis a = Analysis.of(Scenario.graph(), List.of("ls"));
        Selection s = a.select(registry.get("strict"));
        assertThat(Scenario.paths(a, s)).containsExactly(
                "/", "/bin", "/bin/ls", "/bin/sh", "/etc", "/etc/ld.so.cache", "/lib64",
                "/run", // created-in: the boot step created /run/rc.pid there
                "/usr", "/usr/lib", "/usr/lib/ld.so", "/usr/lib/libc.so.6", "/var", "/var/log", "/var/log/ls.log");
        assertThat(Scenario.reasons(a, s, "/bin/ls")).containsExactly(
                new Reason(StrictStrategy.RULE, 31, "/bin/ls", "exec"));
        assertThat(Scenario.reasons(a, s, "/usr/lib/libc.so.6")).containsExactly(
                new Reason(StrictStrategy.RULE, 31, "/bin/ls", "open,read"),
                new Reason(StrictStrategy.RULE, 30, "/bin/sh", "open,read"));
        assertThat(Scenario.reasons(a, s, "/lib64")).containsExactly(
                new Reason(StrictStrategy.RULE, 30, "/bin/sh", "readlink"));
        assertThat(Scenario.reasons(a, s, "/run")).containsExactly(
                new Reason(SetCompletion.CREATED_IN, 20, "/etc/init.d/rc", "create /run/rc.pid"));
        assertThat(Scenario.reasons(a, s, "/var/log")).containsExactly(
                new Reason(SetCompletion.WRITTEN_IN, 31, "/bin/ls", "write /var/log/ls.log"),
                new Reason(SetCompletion.PARENT_DIRECTORY, 31, "/bin/ls", "lookup /var/log/ls.log"));
    }

    @Test
    void theDefaultImportantProcessIsTheRunRootSoItsChildrenCount() {
        Analysis a = Analysis.of(Scenario.graph(), List.of());
        assertThat(a.importantNames()).containsExactly("pid:30");
        Selection s = a.select(registry.get("strict"));
        assertThat(Scenario.paths(a, s)).contains("/usr/bin/helper", "/etc/helper.conf", "/usr/lib/libhelper.so.1")
                .doesNotContain("/etc/init.d/rc", "/etc/halt.conf");
    }

    @Test
    void neverProcSysDevCreatedFilesProbesOrTheTracersSetUp() {
        Analysis a = Analysis.of(Scenario.graph(), List.of());
        for (String strategy : registry.names()) {
            assertThat(Scenario.paths(a, a.select(registry.get(strategy))))
                    .doesNotContain("/proc/self", "/run/rc.pid", "/etc/ls.conf", "/etc/sandbox.conf");
        }
    }

    @Test
    void anImportantProcessThatMatchesNothingListsTheNamesSeen() {
        assertThatThrownBy(() -> Analysis.of(Scenario.graph(), List.of("apache2")))
                .isInstanceOf(NoSuchProcessException.class)
                .hasMessageContaining("no process matches \"apache2\"")
                .hasMessageContaining("the trace has: helper, ls, pid 1, pid 50, rc, sh");
    }
}
