package depset.vm.run;

import static org.assertj.core.api.Assertions.assertThat;

import depset.sandbox.PrivateNamespace;
import depset.vm.guest.GuestBuilder;
import depset.vm.guest.GuestRecipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest traced by depset and the same guest run plainly (to verify a set) are one environment:
 * a program sees the same mounts (but the root's own), the same namespaces, host name, limits,
 * environment, identity, network and an empty /run in both. And what both are is what a booted
 * Debian gives: its own UTS namespace (renaming the guest leaves the machine's name alone), fresh
 * /proc, /sys and /run, the soft limit of 1024 open files, init's PATH.
 */
@Tag("guest")
@EnabledIf(value = "depset.vm.guest.GuestBuilder#canBuildGuests",
        disabledReason = "the guest tier needs root, /dev/fuse, libfuse2 and debootstrap")
@Timeout(600)
class GuestEnvironmentTest {
    @Test
    void tracedAndNativeGuestsSeeTheSameEnvironment(@TempDir Path dir) throws Exception {
        Path root = GuestBuilder.fromEnvironment().obtain(GuestRecipes.ls()).root();
        String machineName = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        Process probe = PrivateNamespace.jvm(EnvironmentProbe.class.getName(), List.of(root.toString(), dir.toString()))
                .inheritIO().start();
        assertThat(probe.waitFor(8, TimeUnit.MINUTES)).as("the probe ended in time").isTrue();
        assertThat(probe.exitValue()).isZero();

        String traced = Files.readString(dir.resolve("traced.txt"));
        String plain = Files.readString(dir.resolve("native.txt"));
        assertThat(traced).isEqualTo(plain);

        assertThat(plain).contains("== status 0")
                .contains("/proc proc rw,nosuid,nodev,noexec")
                .contains("/sys sysfs rw,nosuid,nodev,noexec")
                .contains("/run tmpfs rw,nosuid,nodev")
                .contains("/dev/pts devpts")
                .containsPattern("Max open files +1024 ")
                .contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n")
                .contains("uid=0(root) gid=0(root)")
                .contains("== pid 1\ndepset-init\n")
                .contains("== host name\n" + machineName + "\n")
                .contains("== network\nlo\nlo\n")
                .contains("== /run\n== status");
        for (String ns : List.of("mnt", "pid", "uts", "ipc", "net")) {
            assertThat(plain).contains(ns + ": same");
        }
        // The host's /sys would show the machine's cgroup mounts and network devices: it is not bound.
        assertThat(plain).doesNotContain("/sys/fs/cgroup");

        for (String run : List.of("traced", "native")) {
            assertThat(Files.readString(dir.resolve(run + "-renamed.txt"))).isEqualTo("depset-probe\n== status 0\n");
        }
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()).isEqualTo(machineName);
    }
}
