package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TraceFs agrees to FUSE_HANDLE_KILLPRIV_V2, so the kernel no longer asks for
 * {@code security.capability} before every write, and TraceFs itself drops set-user-ID and
 * set-group-ID bits when a caller without CAP_FSETID writes or truncates a file
 * ({@link SuidGidKill}). The same script runs on a plain directory and through the mount, in
 * each kernel cache and passthrough mode, and must leave the same modes and file capabilities.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class SuidGidKillTest {
    /** What each file is before the script, and what the script does to it (D is the directory). */
    private static final String SCRIPT_AS_NOBODY = "echo more >> D/write; truncate -s 1 D/truncate; : > D/otrunc; "
            + "echo more >> D/sgid-no-exec; echo more >> D/capability-nobody";
    private static final String SCRIPT_AS_ROOT = "echo more >> D/root-write; truncate -s 1 D/root-truncate; "
            + "echo more >> D/capability-root";

    @TempDir
    Path dir;

    /** nobody must reach the files: the temporary directory is made traversable. */
    @BeforeEach
    void letNobodyIn() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of("default (attributes cached, passthrough)", MountOptions.defaults()),
                Arguments.of("--no-passthrough", MountOptions.defaults().withoutPassthrough()),
                Arguments.of("--no-cache", MountOptions.defaults().cache(KernelCache.NONE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void writesAndTruncatesDropSetIdBitsAsOnAPlainFileSystem(String name, MountOptions options) throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Map<String, String> expected = runScript(plain, plain);

        Map<String, String> traced;
        try (MountedTree t = MountedTree.in(dir.resolve("t"), options)) {
            traced = runScript(t.backing, t.mnt);
        }
        assertThat(traced).isEqualTo(expected);
        // So that the comparison cannot pass on a kernel that dropped nothing, or everything:
        assertThat(expected).containsEntry("write", "755 nobody")
                .containsEntry("truncate", "755 nobody")
                .containsEntry("otrunc", "755 nobody")
                .containsEntry("root-write", "6755 nobody")
                .containsEntry("root-truncate", "6755 nobody")
                .containsEntry("sgid-no-exec", "2666 nobody")
                .containsEntry("capability-root", "755 none");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void theKernelAsksForAFilesCapabilityOncePerInodeNotOncePerWrite(String name, MountOptions options)
            throws Exception {
        try (MountedTree t = MountedTree.in(dir, options)) {
            Commands.Result dd = Commands.run("dd", "if=/dev/zero", "of=" + t.at("out"), "bs=1", "count=500");
            assertThat(dd.exit()).as(dd.out()).isZero();
            assertThat(Files.size(t.back("out"))).isEqualTo(500);
            Map<Op, Long> served = t.mount.requestsByOp();
            // Before FUSE_HANDLE_KILLPRIV_V2: one GETXATTR of security.capability per write(2), 500 here.
            assertThat(served.getOrDefault(Op.GETXATTR, 0L)).isLessThanOrEqualTo(2);
        }
    }

    /**
     * A set-user-ID program is served by TraceFs, not passed through (its writes must reach TraceFs),
     * and still runs with its owner's rights from the mount, which is mounted {@code suid}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void aSetUserIdProgramIsNotPassedThroughAndRunsWithItsOwnersRights(String name, MountOptions options)
            throws Exception {
        try (MountedTree t = MountedTree.in(dir, options)) {
            Files.copy(Path.of("/usr/bin/id"), t.back("id"));
            check(Commands.run("chmod", "4755", t.back("id").toString()));
            Commands.Result id = Commands.asNobody(t.at("id").toString(), "-u");
            check(id);
            assertThat(id.out().trim()).isEqualTo("0");
            assertThat(t.mount.passthroughSummary()).matches("passthrough: (0 opens, 0 registrations|off|not offered by the kernel)");
            Commands.Result plain = Commands.asNobody(Path.of("/usr/bin/id").toString(), "-u");
            assertThat(plain.out().trim()).as("the caller itself is not root").isEqualTo("65534");
        }
    }

    /**
     * Makes the files in {@code backing}, runs the scripts on them through {@code at}, and answers
     * each file's mode and capability afterwards.
     */
    private static Map<String, String> runScript(Path backing, Path at) throws IOException {
        for (String f : new String[] {"write", "truncate", "otrunc", "root-write", "root-truncate", "sgid-no-exec",
                "capability-nobody", "capability-root"}) {
            Path p = backing.resolve(f);
            Files.writeString(p, "hi\n");
            check(Commands.run("chown", "nobody:nogroup", p.toString()));
            check(Commands.run("chmod", f.startsWith("capability") ? "0755" : f.equals("sgid-no-exec") ? "2666" : "6755",
                    p.toString()));
            if (f.startsWith("capability")) {
                check(Commands.run("setcap", "cap_net_raw+ep", p.toString()));
            }
        }
        check(Commands.asNobody("sh", "-c", SCRIPT_AS_NOBODY.replace("D/", at + "/")));
        check(Commands.sh(SCRIPT_AS_ROOT.replace("D/", at + "/")));
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(backing)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                Commands.Result mode = Commands.run("stat", "-c", "%a %U", p.toString());
                String name = p.getFileName().toString();
                if (name.startsWith("capability")) {
                    String caps = Commands.run("getcap", p.toString()).out().trim();
                    out.put(name, mode.out().trim().replace(" nobody", "") + " " + (caps.isEmpty() ? "none" : "cap"));
                } else {
                    out.put(name, mode.out().trim());
                }
            }
        }
        return out;
    }

    private static void check(Commands.Result r) {
        assertThat(r.exit()).as(r.out()).isZero();
    }
}
