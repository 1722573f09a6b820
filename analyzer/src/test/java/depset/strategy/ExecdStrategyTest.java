package depset.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import depset.graph.Traces;
import depset.trace.Op;
import depset.manifest.Reason;
import depset.trace.Phase;
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
        Traces t = new Traces().phase(20, Phase.BOOT, "rc").exec(20, "/etc/init.d/ssh", "ssh", "start")
                .execOpen(20, "/etc/init.d/ssh").execOpen(20, "/bin/sh")
                .phase(30, Phase.RUN, "").exec(30, "/bin/app", "app").execOpen(30, "/bin/app");
        Analysis a = Analysis.of(t.graph(), List.of());
        Selection s = a.rawSelection(registry.get("execd"));
        // raw: before the system rule is folded in, execd's own rule adds /bin/sh but not the script
        assertThat(s.reasons(a.graph().fileAt("/bin/sh"))).contains(
                new Reason(ExecdStrategy.RULE_EXEC, 20, "/etc/init.d/ssh", "exec"));
        assertThat(s.reasons(a.graph().fileAt("/etc/init.d/ssh")))
                .noneMatch(r -> r.rule().equals(ExecdStrategy.RULE_EXEC));
    }

    @Test
    void keepsTheSymlinkTheLoaderWalkedThroughToALibraryButNotOneOnlyLooked() {
        String dir = "/usr/lib/x86_64-linux-gnu";
        Traces t = new Traces().dir("/").dir("/usr").dir("/usr/lib").dir(dir).dir("/usr/bin")
                .symlink(dir + "/libpam.so.0", "libpam.so.0.85.1").symlink(dir + "/libfoo.so.1", "libfoo.so.1.2")
                .symlink("/lib", "usr/lib")
                .fork(1, 30).phase(30, Phase.RUN, "cmd").exec(30, "/usr/bin/app", "app").execOpen(30, "/usr/bin/app")
                .fork(1, 40).phase(40, Phase.WORK, "login").exec(40, "/usr/bin/login", "login")
                .execOpen(40, "/usr/bin/login")
                // the loader, as ld.so.cache told it: /lib/x86_64-linux-gnu/libpam.so.0
                .stat(40, "/lib").op(40, Op.READLINK, "/lib").stat(40, "/usr/lib").stat(40, dir)
                .stat(40, dir + "/libpam.so.0").op(40, Op.READLINK, dir + "/libpam.so.0")
                .read(40, dir + "/libpam.so.0.85.1")
                // an lstat of a link (a listing): the link's target is never reached
                .stat(40, dir + "/libfoo.so.1").stat(30, dir + "/libfoo.so.1.2");
        // pid 30 alone is important: login (another step) comes in with execd's rules only
        Analysis a = Analysis.of(t.graph(), List.of("pid:30"));
        Set<String> execd = Scenario.paths(a, a.select(registry.get("execd")));
        assertThat(execd).contains(dir + "/libpam.so.0.85.1", dir + "/libpam.so.0", "/lib")
                .doesNotContain(dir + "/libfoo.so.1");
        assertThat(Scenario.reasons(a, a.select(registry.get("execd")), dir + "/libpam.so.0")).contains(
                new Reason(SetCompletion.SYMLINK_WALKED, 40, "/usr/bin/login", "resolve " + dir + "/libpam.so.0"));
        assertThat(Scenario.paths(a, a.select(registry.get("system")))).doesNotContain(dir + "/libpam.so.0");
    }
}
