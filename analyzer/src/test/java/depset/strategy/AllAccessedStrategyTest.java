package depset.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Reason;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AllAccessedStrategyTest {
    private final StrategyRegistry registry = StrategyRegistry.standard();

    @Test
    void addsEveryFileAnyProcessOfTheRunAccessed() {
        Analysis a = Analysis.of(Scenario.graph(), List.of("ls"));
        Set<String> execd = Scenario.paths(a, a.select(registry.get("execd")));
        Selection s = a.select(registry.get("all"));
        Set<String> added = new TreeSet<>(Scenario.paths(a, s));
        added.removeAll(execd);
        assertThat(added).containsExactly("/etc/helper.conf");
        assertThat(Scenario.reasons(a, s, "/etc/helper.conf")).containsExactly(
                new Reason(AllAccessedStrategy.RULE, 32, "/usr/bin/helper", "open,read"));
        assertThat(Scenario.paths(a, s)).containsExactly(
                "/", "/bin", "/bin/ls", "/bin/sh", "/etc", "/etc/default", "/etc/default/rc", "/etc/halt.conf",
                "/etc/helper.conf", "/etc/init.d", "/etc/init.d/rc", "/etc/ld.so.cache", "/lib64", "/run", "/usr",
                "/usr/bin", "/usr/bin/helper", "/usr/lib", "/usr/lib/ld.so", "/usr/lib/libc.so.6",
                "/usr/lib/libhelper.so.1", "/var", "/var/log", "/var/log/ls.log");
    }
}
