package depset.vm.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import depset.elf.ElfReader;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.meta.SourceRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strace row's set: the paths strace saw with the links on the way and their parents, plus what
 * the kernel reads for an exec without a system call strace shows (the loader, the {@code #!} interpreter).
 */
@Tag("unit")
class StracePeerSetTest {
    private static final String ROOT = "/tmp/depset-strace-1/root";

    @Test
    void execsBringTheirLoaderAndInterpreterThatStraceNeverShows(@TempDir Path root) throws IOException {
        Path machineTrue = Path.of("/usr/bin/true");
        assumeTrue(ElfReader.isElf(machineTrue), "needs the machine's /usr/bin/true, an ELF program");
        String loader = ElfReader.read(machineTrue).interpreter();
        assumeTrue(loader != null, "/usr/bin/true is dynamically linked");
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Files.copy(machineTrue, root.resolve("usr/bin/true"));
        Files.createDirectories(root.resolve(loader.substring(1)).getParent());
        Files.writeString(root.resolve(loader.substring(1)), "the loader");
        Files.writeString(root.resolve("usr/bin/dash"), "a shell");
        Files.createSymbolicLink(root.resolve("usr/bin/sh"), Path.of("dash"));
        Files.writeString(root.resolve("usr/bin/greet"), "#! /bin/sh -e\necho hello\n");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/greeting"), "hello");
        Files.createDirectories(root.resolve("proc/1"));
        Files.createDirectories(root.resolve("run/lock"));
        Files.createDirectories(root.resolve("var"));
        Files.createSymbolicLink(root.resolve("var/lock"), Path.of("/run/lock"));

        StraceLog log = StraceLog.parse(List.of(
                "1 chroot(\"" + ROOT + "\") = 0",
                "1 execve(\"/bin/true\", [\"true\"], 0x1 /* 1 var */) = 0",
                "2 execve(\"/usr/bin/greet\", [\"greet\"], 0x1 /* 1 var */) = 0",
                "2 openat(AT_FDCWD<" + ROOT + ">, \"/etc/greeting\", O_RDONLY) = 3<" + ROOT + "/etc/greeting>",
                "2 openat(AT_FDCWD<" + ROOT + ">, \"/etc/gone\", O_RDONLY|O_CREAT, 0600) = 3<" + ROOT + "/etc/gone>",
                "2 openat(AT_FDCWD<" + ROOT + ">, \"/proc/1/status\", O_RDONLY) = 3<" + ROOT + "/proc/1/status>",
                "3 mkdir(\"/var/lock/apache2.Q3tA4DknS4\", 0700) = 0"));
        Manifest set = StracePeer.set(SourceRoot.of(root), log, List.of("/bin/sh", "-c", "true; greet"), "strace.log");

        assertThat(set.entries()).extracting(ManifestEntry::path).contains(
                "/bin", "/usr/bin/true", loader, "/usr/bin/greet", "/usr/bin/sh", "/usr/bin/dash", "/etc/greeting")
                // a file the run created (not in the root) and the kernel's trees are not copied
                .doesNotContain("/etc/gone", "/proc/1/status", "/proc/1")
                // a directory the run made: the one it was made in, through the link the process walked
                .contains("/var/lock", "/run/lock", "/etc").doesNotContain("/var/lock/apache2.Q3tA4DknS4");
        assertThat(set.entry(loader).reasons()).extracting(r -> r.rule()).containsExactly("strace: interpreter");
        assertThat(set.entry("/usr/bin/dash").reasons()).extracting(r -> r.from()).containsExactly("/usr/bin/greet");
        assertThat(set.entry("/usr/bin/true").reasons()).extracting(r -> r.rule()).containsExactly("strace");
    }
}
