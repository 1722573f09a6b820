package depset.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Looking a command up inside a root, as execvp in the chroot would, on a tree made for the test. */
@Tag("unit")
class CommandResolverTest {
    @TempDir
    Path root;

    @Test
    void findsAlongPathFollowingSymlinksInsideTheRoot() throws Exception {
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Path tool = Files.writeString(root.resolve("usr/bin/tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        // An absolute link resolves inside the root, not on the host.
        Files.createSymbolicLink(root.resolve("usr/bin/abs"), Path.of("/usr/bin/tool"));
        Files.writeString(root.resolve("usr/bin/data"), "x");

        assertThat(CommandResolver.resolve(root, "tool", "/nope:/bin", "/"))
                .isEqualTo(new CommandResolver.Resolution(CommandResolver.Outcome.FOUND, "/bin/tool"));
        assertThat(CommandResolver.resolve(root, "/usr/bin/abs", null, "/").outcome())
                .isEqualTo(CommandResolver.Outcome.FOUND);
        assertThat(CommandResolver.resolve(root, "data", "/bin", "/").outcome())
                .isEqualTo(CommandResolver.Outcome.NOT_EXECUTABLE);
        assertThat(CommandResolver.resolve(root, "/usr", null, "/").outcome())
                .isEqualTo(CommandResolver.Outcome.NOT_EXECUTABLE);
        assertThat(CommandResolver.resolve(root, "missing", "/bin:/usr/bin", "/").outcome())
                .isEqualTo(CommandResolver.Outcome.NOT_FOUND);
        assertThat(CommandResolver.resolve(root, "ls", "/bin", "/").outcome())
                .as("the host's ls is not inside this root").isEqualTo(CommandResolver.Outcome.NOT_FOUND);
    }

    @Test
    void neverLeavesTheRoot() throws Exception {
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../usr/bin"));
        assertThat(CommandResolver.follow(root, "/up/ls")).isNull();
    }
}
