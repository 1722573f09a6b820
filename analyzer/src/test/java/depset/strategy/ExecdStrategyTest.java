package depset.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import depset.graph.Traces;
import depset.manifest.Reason;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ExecdStrategyTest {
    private final StrategyRegistry registry = StrategyRegistry.standard();

    @Test
    void addsEveryExecdFileAndWhatTheLoaderPulledIn() {
        Analysis a = Analysis.of(Scenario.graph(), List.of("ls"));
        Set<String> system = Scenario.paths(a, a.select(registry.get("system")));
        Selection s = a.select(registry.get("execd"));
        Set<String> added = new TreeSet<>(Scenario.paths(a, s));
        added.removeAll(system);
        // helper's binary and its library, but not its configuration file.
        assertThat(added).containsExactly("/usr/bin", "/usr/bin/helper", "/usr/lib/libhelper.so.1");
        assertThat(Scenario.reasons(a, s, "/usr/bin/helper")).containsExactly(
                new Reason(ExecdStrategy.RULE_EXEC, 32, "/usr/bin/helper", "exec"));
        assertThat(Scenario.reasons(a, s, "/usr/lib/libhelper.so.1")).containsExactly(
                new Reason(ExecdStrategy.RULE_LOADER, 32, "/usr/bin/helper", "open,read"));
    }

    @Test
    void leavesOutTheServiceScriptsTheStartUpPhaseExecd() {
        Traces t = new Traces().phase(20, "boot", "rc").exec(20, "/etc/init.d/ssh", "ssh", "start")
                .execOpen(20, "/etc/init.d/ssh").execOpen(20, "/bin/sh")
                .phase(30, "run", "").exec(30, "/bin/app", "app").execOpen(30, "/bin/app");
        Analysis a = Analysis.of(t.graph(), List.of());
        Selection s = a.rawSelection(registry.get("execd"));
        // raw: before the system rule is folded in, execd's own rule adds /bin/sh but not the script
        assertThat(s.reasons(a.graph().fileAt("/bin/sh"))).contains(
                new Reason(ExecdStrategy.RULE_EXEC, 20, "/etc/init.d/ssh", "exec"));
        assertThat(s.reasons(a.graph().fileAt("/etc/init.d/ssh")))
                .noneMatch(r -> r.rule().equals(ExecdStrategy.RULE_EXEC));
    }
}
