package depset.build;

import static org.assertj.core.api.Assertions.assertThat;

import depset.fsops.PosixFiles;
import depset.graph.DependencyGraph;
import depset.graph.Traces;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.strategy.AllAccessedStrategy;
import depset.strategy.Analysis;
import depset.strategy.ManifestFactory;
import depset.strategy.StrategyRegistry;
import depset.strategy.StrictStrategy;
import depset.trace.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repair loop judged against the original run, on constructed traces: a login that reads five
 * PAM modules gets all five back in one round, and a service that deletes and re-creates its state
 * file never makes the file missing.
 */
@Tag("unit")
class RepairLoopTest {
    private static final List<String> MODULES = List.of("pam_deny", "pam_env", "pam_limits", "pam_unix", "pam_permit")
            .stream().map(m -> "/lib/security/" + m + ".so").toList();
    private static final String STATE = "/var/lib/svc/state";

    @TempDir
    Path dir;

    /** The original run: a login step, a service that re-creates its state, and a check reading that state. */
    private static Traces original() {
        Traces t = new Traces().dir("/").dir("/bin").dir("/etc").dir("/etc/pam.d").dir("/lib").dir("/lib/security")
                .dir("/usr").dir("/usr/sbin").dir("/var").dir("/var/lib").dir("/var/lib/svc");
        t.fork(1, 10).phase(10, Phase.WORK, "login").exec(10, "/bin/sh", "sh", "-c", "login -f root")
                .execOpen(10, "/bin/sh")
                .fork(10, 11).exec(11, "/bin/login", "login", "-f", "root").execOpen(11, "/bin/login")
                .read(11, "/etc/pam.d/login");
        MODULES.forEach(m -> t.read(11, m));
        t.probe(11, "/etc/pam.d/login.local"); // optional: absent in the original run too
        t.fork(1, 20).phase(20, Phase.WORK, "svc").exec(20, "/usr/sbin/svc", "svc").execOpen(20, "/usr/sbin/svc")
                .read(20, STATE).unlink(20, STATE).probe(20, "/etc/svc.conf");
        t.fork(1, 30).phase(30, Phase.WORK, "check").exec(30, "/bin/cat", "cat", STATE).execOpen(30, "/bin/cat");
        t.create(20, STATE, false).write(20, STATE).read(30, STATE);
        return t;
    }

    /**
     * The same steps in a tree holding {@code set}, with pids 100 higher: PAM stops at the first
     * module it cannot find, and the check looks for the state file between the service's unlink
     * and its create (a race the original run won).
     */
    private static TreeRun reduced(Manifest set, Path file) throws IOException {
        Traces t = new Traces();
        List<String> failing = new ArrayList<>();
        t.fork(1, 110).phase(110, Phase.WORK, "login").exec(110, "/bin/sh", "sh", "-c", "login -f root")
                .execOpen(110, "/bin/sh");
        if (set.entry("/bin/login") == null) {
            t.fork(110, 111).probe(111, "/bin/login");
            failing.add("login");
        } else {
            t.fork(110, 111).exec(111, "/bin/login", "login", "-f", "root").execOpen(111, "/bin/login");
            for (String path : concat("/etc/pam.d/login", MODULES)) {
                if (set.entry(path) == null) {
                    t.probe(111, path);
                    failing.add("login");
                    break;
                }
                t.read(111, path);
            }
            t.probe(111, "/etc/pam.d/login.local");
        }
        t.fork(1, 120).phase(120, Phase.WORK, "svc").exec(120, "/usr/sbin/svc", "svc").execOpen(120, "/usr/sbin/svc");
        if (set.entry(STATE) == null) {
            t.probe(120, STATE); // no old state: the service starts afresh
        } else {
            t.read(120, STATE).unlink(120, STATE);
        }
        t.probe(120, "/etc/svc.conf");
        t.fork(1, 130).phase(130, Phase.WORK, "check").exec(130, "/bin/cat", "cat", STATE).execOpen(130, "/bin/cat")
                .probe(130, STATE);
        t.create(120, STATE, false).write(120, STATE);
        return new TreeRun(0, failing.isEmpty() ? 0 : 1, null, t.write(file, true), failing, null);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>(List.of(first));
        out.addAll(rest);
        return out;
    }

    private SourceTree source() throws IOException {
        for (String f : concat("/bin/login", concat("/etc/pam.d/login", concat(STATE, MODULES)))) {
            Files.createDirectories(dir.resolve("src" + f).getParent());
            Files.writeString(dir.resolve("src" + f), f);
        }
        return new SourceTree(dir.resolve("src"), PosixFiles.jdkOnly());
    }

    private static Set<String> paths(Manifest m) {
        return m.entries().stream().map(ManifestEntry::path).collect(Collectors.toSet());
    }

    @Test
    void aProcessThatReadsFivePamModulesGetsAllFiveBackInOneRoundAndRecreatedStateIsNeverMissing() throws IOException {
        DependencyGraph g = original().graph();
        Analysis service = Analysis.of(g, List.of("pid:20"));
        Manifest strict = ManifestFactory.create(service, new StrictStrategy(), List.of("trace.jsonl"));
        assertThat(paths(strict)).doesNotContain("/bin/login").contains(STATE);
        // A set without the old state (as if left out): the service, which found it in the original
        // run, looks for it in vain, and copes.
        Manifest start = strict.withEntries("strict", strict.entries().stream().filter(e -> !e.path().equals(STATE))
                .toList());

        RepairLoop.Outcome o = RepairLoop.run(start, OriginalRun.of(service), source(),
                (set, round) -> reduced(set, dir.resolve("round-" + round + ".jsonl")), 10);

        assertThat(o.stop()).isEqualTo(RepairLoop.Stop.PASS);
        assertThat(o.repairRounds()).isEqualTo(1);
        assertThat(o.repairs()).containsExactly(RepairLoop.RepairKind.FOOTPRINT);
        assertThat(o.fallbackUsed()).isFalse();
        // login looked up its program in vain; the shell above it lost that child: both diverged there.
        assertThat(o.rounds().get(0).missing()).extracting(MissingFile::path).containsOnly("/bin/login");
        for (String m : MODULES) {
            assertThat(o.manifest().entry(m).reasons().get(0).rule()).isEqualTo("repair round 1: process 11 "
                    + "(/bin/login, login -f root) diverged at /bin/login; its footprint in the original run");
        }
        for (VerifyResult r : o.rounds()) {
            assertThat(r.missing()).extracting(MissingFile::path)
                    .doesNotContain(STATE, "/etc/svc.conf", "/etc/pam.d/login.local");
        }
        assertThat(o.manifest().entry(STATE)).as("runtime state never comes back").isNull();
        Manifest all = ManifestFactory.create(service, StrategyRegistry.standard().get(AllAccessedStrategy.NAME),
                List.of());
        assertThat(paths(all)).containsAll(paths(o.manifest()));
        assertThat(o.manifest().process(11)).as("the process table names the footprint's process").isNotNull();
    }

    @Test
    void whenAStepFailsAndNothingDivergesTheFailingStepsProbesComeBackMarkedAsFallback() throws IOException {
        DependencyGraph g = original().graph();
        Analysis a = Analysis.of(g, List.of());
        Manifest strict = ManifestFactory.create(a, new StrictStrategy(), List.of());
        SourceTree source = source();
        Files.writeString(dir.resolve("src/etc/motd"), "hello");
        Files.writeString(dir.resolve("src/etc/issue"), "hello");
        // A step the original run never had: nothing to compare with, so the fallback rule judges it.
        RepairLoop.Outcome o = RepairLoop.run(strict, OriginalRun.of(a), source, (set, round) -> {
            Traces t = new Traces();
            t.fork(1, 140).phase(140, Phase.WORK, "motd").exec(140, "/bin/more", "more", "/etc/motd");
            t.fork(1, 150).phase(150, Phase.WORK, "issue").exec(150, "/bin/more", "more", "/etc/issue");
            boolean fails = set.entry("/etc/motd") == null;
            if (fails) {
                t.probe(140, "/etc/motd");
            }
            t.probe(150, "/etc/issue"); // in a passing step: never added
            return new TreeRun(0, fails ? 1 : 0, null, t.write(dir.resolve("fb-" + round + ".jsonl"), true),
                    fails ? List.of("motd") : List.of(), null);
        }, 10);
        assertThat(o.stop()).isEqualTo(RepairLoop.Stop.PASS);
        assertThat(o.repairs()).containsExactly(RepairLoop.RepairKind.FALLBACK_PROBES);
        assertThat(o.fallbackUsed()).isTrue();
        assertThat(o.rounds().get(0).fallback()).isTrue();
        assertThat(o.manifest().entry("/etc/motd").reasons().get(0).rule()).endsWith(RepairLoop.FALLBACK_NOTE);
        assertThat(o.manifest().entry("/etc/issue")).isNull();

        RepairLoop.Outcome stuck = RepairLoop.run(strict, OriginalRun.of(a), source, (set, round) ->
                new TreeRun(0, 1, null, new Traces().write(dir.resolve("stuck.jsonl"), true), List.of(), null), 10);
        assertThat(stuck.stop()).isEqualTo(RepairLoop.Stop.NOTHING_NEW);
        assertThat(stuck.rounds()).hasSize(1);
        assertThat(stuck.result().lines().get(0)).isEqualTo("FAIL: exit status 1, expected 0");
    }
}
