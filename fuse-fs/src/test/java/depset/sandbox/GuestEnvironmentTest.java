package depset.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class GuestEnvironmentTest {
    @Test
    void theRootsMountPointsAreTheFirstNamesOfWhatItsInitMounts() {
        assertThat(GuestEnvironment.STANDARD.rootMountPoints()).containsExactlyInAnyOrder("proc", "dev", "sys", "run");
        GuestEnvironment deeper = new GuestEnvironment(List.of(
                new GuestEnvironment.Mount("tmpfs", "tmpfs", "", "/var/lib/x"),
                GuestEnvironment.Mount.rbind("/dev", "/dev"),
                new GuestEnvironment.Mount("devpts", "devpts", "", "/dev/pts")), null, Map.of(), 1024);
        assertThat(deeper.rootMountPoints()).as("a walk to a deeper mount point goes through its first name")
                .containsExactlyInAnyOrder("var", "dev");
        assertThat(GuestEnvironment.STANDARD.without("/sys").rootMountPoints()).doesNotContain("sys");
    }
}
