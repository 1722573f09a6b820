package depset.vm.run;

import static org.assertj.core.api.Assertions.assertThat;

import depset.vm.guest.GuestBuilder;
import depset.vm.guest.GuestRecipes;
import depset.vm.sequence.Sequence;
import depset.vm.sequence.SequenceParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The complete guests pass their own sequences in a plain chroot: real login, real Apache, PHP and MariaDB. */
@Tag("guest")
class NativeSequenceTest {

    @AfterEach
    void nothingIsLeftBehind() throws Exception {
        assertThat(Files.readAllLines(Path.of("/proc/mounts"))).noneMatch(l -> l.contains("/var/cache/depset/guests"));
        // No holder, terminal relay or guest process outlives a run.
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("?"))).isEmpty();
    }

    @Test
    void theLsGuestPassesTheLsSequence() throws Exception {
        Sequence ls = ShippedSequences.byName("ls").orElseThrow();
        Path root = GuestBuilder.fromEnvironment().obtain(GuestRecipes.ls()).root();
        Path lastlog = root.resolve("var/log/lastlog");
        long before = Files.getLastModifiedTime(lastlog).toMillis();
        SequenceResult r = SequenceRunner.natively().run(ls, root);
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
        SequenceResult r = SequenceRunner.natively().run(lamp, root);
        assertThat(r.passed()).as(r.summary()).isTrue();
        StepResult page = r.steps().stream().filter(s -> s.step().describe().startsWith("get ")).findFirst().orElseThrow();
        assertThat(page.output()).contains("row: " + GuestRecipes.LAMP_ROW);
        // No service outlives the run.
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().command().orElse("")))
                .noneMatch(c -> c.endsWith("/mariadbd") || c.endsWith("/apache2"));
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
        SequenceResult r = SequenceRunner.natively().run(s, root);
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
        SequenceResult r = SequenceRunner.natively().run(s, root);
        assertThat(System.nanoTime() - t0).isLessThan(60_000_000_000L);
        assertThat(r.steps()).extracting(StepResult::outcome).containsExactly(
                StepResult.Outcome.PASSED, StepResult.Outcome.TIMED_OUT, StepResult.Outcome.SKIPPED);
        assertThat(r.summary()).contains("line 4").contains("timed out after 2s");
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")))
                .noneMatch(c -> c.contains("sleep 600"));
    }

    @Test
    void aBrokenTreeFailsAtTheFirstStepThatNeedsWhatIsMissing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("missing.seq");
        Files.writeString(file, String.join("\n", "root guest:ls", "important ls", "boot mktemp-not-here -d",
                ""));
        Sequence s = SequenceParser.parse(file);
        Path root = GuestBuilder.fromEnvironment().obtain(GuestRecipes.ls()).root();
        SequenceResult r = SequenceRunner.natively().run(s, root);
        assertThat(r.passed()).isFalse();
        assertThat(r.firstFailure().orElseThrow().missing()).containsExactly("mktemp-not-here");
        assertThat(List.of(r.summary())).allMatch(l -> l.startsWith("FAIL at line 3 'boot mktemp-not-here -d'"));
    }
}
