package depset.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import depset.graph.Traces;
import depset.manifest.Reason;
import depset.trace.Phase;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SystemStrategyTest {
    private final StrategyRegistry registry = StrategyRegistry.standard();

    @Test
    void addsWhatTheBootAndHaltPhasesTouched() {
        Analysis a = Analysis.of(Scenario.graph(), List.of("ls"));
        Set<String> strict = Scenario.paths(a, a.select(registry.get("strict")));
        Selection s = a.select(registry.get("system"));
        Set<String> added = new TreeSet<>(Scenario.paths(a, s));
        added.removeAll(strict);
        assertThat(added).containsExactly("/etc/default", "/etc/default/rc", "/etc/halt.conf", "/etc/init.d", "/etc/init.d/rc");
        assertThat(Scenario.reasons(a, s, "/etc/init.d/rc")).containsExactly(
                new Reason(SystemStrategy.RULE_PHASE, 20, "/etc/init.d/rc", "exec"));
        assertThat(Scenario.reasons(a, s, "/bin/sh")).contains(
                new Reason(SystemStrategy.RULE_PHASE, 20, "/etc/init.d/rc", "exec"));
        assertThat(Scenario.reasons(a, s, "/etc/halt.conf")).containsExactly(
                new Reason(SystemStrategy.RULE_PHASE, 50, null, "stat"));
    }

    @Test
    void addsProcessesWithNoBinaryInTheRoot() {
        // pid 41 runs a program from outside the root (no exec open reached TraceFs).
        Traces t = new Traces().phase(39, Phase.RUN, "").exec(39, "/bin/sh", "sh").execOpen(39, "/bin/sh")
                .fork(39, 40).exec(40, "/bin/app", "app").execOpen(40, "/bin/app")
                .fork(39, 41).exec(41, "/host/helper", "helper").read(41, "/etc/seen-by-helper")
                .fork(39, 42).exec(42, "/bin/other", "other").execOpen(42, "/bin/other").read(42, "/etc/other");
        Analysis a = Analysis.of(t.graph(), List.of("app"));
        Selection strict = a.select(registry.get("strict"));
        Selection system = a.select(registry.get("system"));
        assertThat(Scenario.paths(a, strict)).containsExactly("/", "/bin", "/bin/app", "/bin/sh");
        assertThat(Scenario.paths(a, system))
                .containsExactly("/", "/bin", "/bin/app", "/bin/sh", "/etc", "/etc/seen-by-helper");
        assertThat(Scenario.reasons(a, system, "/etc/seen-by-helper")).containsExactly(
                new Reason(SystemStrategy.RULE_NO_BINARY, 41, "/host/helper", "open,read"));
    }

    @Test
    void onAPlainRunSystemAddsNothing() {
        Traces t = new Traces().phase(40, Phase.RUN, "").exec(40, "/bin/app", "app").execOpen(40, "/bin/app");
        Analysis a = Analysis.of(t.graph(), List.of());
        assertThat(Scenario.paths(a, a.select(registry.get("system"))))
                .isEqualTo(Scenario.paths(a, a.select(registry.get("strict"))));
    }
}
