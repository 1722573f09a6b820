package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench/lamp-load.sh} once at a tiny size, native and depset only (see {@link BenchScriptsTest}). */
@Tag("guest")
@EnabledIf(value = "lampLoadPossible", disabledReason = "needs the guest tier (root, /dev/fuse, debootstrap) and ab")
class BenchLampLoadScriptTest {
    @TempDir
    Path dir;

    @Test
    void lampLoad() throws Exception {
        String out = BenchScriptsTest.run(dir, Map.of("TRACERS", "native,depset"), "lamp-load.sh", "32", "1");
        assertThat(out).contains("native").contains("depset");
    }

    static boolean lampLoadPossible() {
        return depset.vm.guest.GuestBuilder.canBuildGuests() && Files.isExecutable(Path.of("/usr/bin/ab"));
    }
}
