package depset.vm.run;

import static org.assertj.core.api.Assertions.assertThat;

import depset.vm.guest.GuestBuilder;
import depset.vm.guest.GuestRecipes;
import depset.vm.sequence.Sequence;
import depset.vm.sequence.SequenceParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** The complete guests pass their own sequences in a plain chroot: real login, real Apache, PHP and MariaDB. */
@Tag("guest")
@EnabledIf(value = "depset.vm.guest.GuestBuilder#canBuildGuests",
        disabledReason = "the guest tier needs root, /dev/fuse, libfuse2 and debootstrap")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class NativeSequenceTest {
    /** The scratch directories of the sessions this test opened: its guests' trees, mounts and processes. */
    private final List<Path> scratches = new CopyOnWriteArrayList<>();

    /**
     * What {@link SequenceRunner#natively()} runs, with each session's scratch directory noted, so that
     * the checks below look at what this test made and not at other guests running on the machine.
     */
    private SequenceRunner natively() {
        return new SequenceRunner((GuestSessionFactory) (root, netns, hostname) -> {
            ChrootSession s = ChrootSession.open(root, netns, hostname);
            scratches.add(s.scratch());
            return s;
        });
    }

    @AfterEach
    void nothingIsLeftBehind() throws Exception {
        assertThat(scratches).isNotEmpty();
        // The guest's overlay and kernel file systems are mounted below the scratch directory, in the
        // session's private mount namespace only: none may show here, and the directory is removed.
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
                .noneMatch(l -> scratches.stream().anyMatch(s -> l.contains(s.toString())));
        assertThat(scratches).noneMatch(Files::exists);
        // No holder, terminal relay or guest process outlives a run: nothing started by this JVM, and
        // no process chrooted into one of this test's trees (a guest's daemons are not our children).
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("?"))).isEmpty();
        assertThat(rootedInOurGuests()).isEmpty();
    }

    /** The command lines of live processes whose root directory is in one of this test's sessions. */
    private List<String> rootedInOurGuests() {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                String root = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "root")).toString();
                return scratches.stream().anyMatch(s -> root.startsWith(s.toString()));
            } catch (IOException | RuntimeException e) {
                return false; // gone, or not ours to read
            }
        }).map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }

    @Test
    void closingASessionEndsTheProcessesItsStepsLeftRunning() throws Exception {
        Path root = GuestBuilder.fromEnvironment().obtain(GuestRecipes.ls()).root();
        // The check that every other test ends with, shown to see a guest's leftover process.
        try (GuestNetwork network = GuestNetwork.open(java.util.Optional.empty());
             ChrootSession session = ChrootSession.open(root, network.guestNamespace())) {
            scratches.add(session.scratch());
            int status = session.run(depset.trace.Phase.BOOT, "daemon", List.of("/bin/sh", "-c",
                    "sleep 600 > /dev/null 2>&1 &"), java.lang.ProcessBuilder.Redirect.from(new java.io.File("/dev/null")),
                    java.lang.ProcessBuilder.Redirect.DISCARD, java.time.Duration.ofSeconds(30));
            assertThat(status).isZero();
            assertThat(rootedInOurGuests()).anyMatch(c -> c.contains("sleep 600"));
        }
        assertThat(rootedInOurGuests()).isEmpty();
    }

    @Test
    void theLsGuestPassesTheLsSequence() throws Exception {
        Sequence ls = ShippedSequences.byName("ls").orElseThrow();
        Path root = GuestBuilder.fromEnvironment().obtain(GuestRecipes.ls()).root();
        Path lastlog = root.resolve("var/log/lastlog");
        long before = Files.getLastModifiedTime(lastlog).toMillis();
        SequenceResult r = natively().run(ls, root);
        assertThat(r.passed()).as(r.summary()).isTrue();
        // login wrote lastlog, but into the scratch layer: the guest itself is never written.
        assertThat(Files.getLastModifiedTime(lastlog).toMillis()).isEqualTo(before);
        StepResult typed = r.steps().stream().filter(s -> s.step().describe().equals("type ls /")).findFirst().orElseThrow();
        assertThat(typed.output()).contains("usr").contains("etc").doesNotContain("depset-end");
    }

    @Test
    void theLampGuestServesTheRowOverTheVethPair() throws Exception {
        Sequence lamp = ShippedSequences.byName("lamp").orElseThrow();
        Path root = GuestBuilder.fromEnvironment().obtain(GuestRecipes.lamp()).root();
        SequenceResult r = natively().run(lamp, root);
        assertThat(r.passed()).as(r.summary()).isTrue();
        StepResult page = r.steps().stream().filter(s -> s.step().describe().startsWith("get ")).findFirst().orElseThrow();
        assertThat(page.output()).contains("row: " + GuestRecipes.LAMP_ROW);
        // No service of this run outlives it (other guests' services may run on the machine meanwhile).
        assertThat(rootedInOurGuests()).noneMatch(c -> c.contains("mariadbd") || c.contains("apache2"));
    }

    @Test
    void withoutTheGuestInterfaceConfiguredTheVisitorCannotReachThePage(@TempDir Path dir) throws Exception {
        // The same sequence minus the ifconfig step: the page must not be reachable, proving the check
        // goes over the veth pair and nowhere else.
        String text = Files.readString(Path.of("sequences/lamp.seq")).replace("type    ifconfig eth0 192.168.1.3\n", "")
                .replace("timeout 20s", "timeout 5s");
        Path file = dir.resolve("lamp-no-ifconfig.seq");
        Files.writeString(file, text);
        Sequence s = SequenceParser.parse(file);
        Path root = GuestBuilder.fromEnvironment().obtain(GuestRecipes.lamp()).root();
        SequenceResult r = natively().run(s, root);
        assertThat(r.passed()).isFalse();
        assertThat(r.firstFailure().orElseThrow().step().describe()).startsWith("get ");
    }

    @Test
    void aStepThatHangsIsStoppedAtItsTimeout(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hang.seq");
        Files.writeString(file, String.join("\n", "root guest:ls", "important sleep", "login root",
                "type sleep 600", "timeout 2s", "type ls /", ""));
        Sequence s = SequenceParser.parse(file);
        Path root = GuestBuilder.fromEnvironment().obtain(GuestRecipes.ls()).root();
        long t0 = System.nanoTime();
        SequenceResult r = natively().run(s, root);
        assertThat(System.nanoTime() - t0).isLessThan(60_000_000_000L);
        assertThat(r.steps()).extracting(StepResult::outcome).containsExactly(
                StepResult.Outcome.PASSED, StepResult.Outcome.TIMED_OUT, StepResult.Outcome.SKIPPED);
        assertThat(r.summary()).contains("line 4").contains("timed out after 2s");
        assertThat(rootedInOurGuests()).noneMatch(c -> c.contains("sleep 600"));
    }

    @Test
    void aBrokenTreeFailsAtTheFirstStepThatNeedsWhatIsMissing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("missing.seq");
        Files.writeString(file, String.join("\n", "root guest:ls", "important ls", "boot mktemp-not-here -d",
                ""));
        Sequence s = SequenceParser.parse(file);
        Path root = GuestBuilder.fromEnvironment().obtain(GuestRecipes.ls()).root();
        SequenceResult r = natively().run(s, root);
        assertThat(r.passed()).isFalse();
        assertThat(r.firstFailure().orElseThrow().missing()).containsExactly("mktemp-not-here");
        assertThat(List.of(r.summary())).allMatch(l -> l.startsWith("FAIL at line 3 'boot mktemp-not-here -d'"));
    }
}
