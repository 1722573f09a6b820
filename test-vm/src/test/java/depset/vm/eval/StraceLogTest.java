package depset.vm.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The strace row's set is what the log says the chrooted processes opened, exec'd or stat'ed: paths in
 * the root's terms, relative ones resolved, failed lookups and chroot(8)'s own start left out.
 */
@Tag("unit")
class StraceLogTest {
    private static final String ROOT = "/tmp/depset-strace-1/root";

    /**
     * Recorded by {@code depset eval --sequences ls} (2026-12-06): strace -f -y -qq -e signal=none
     * -e trace=%file,execve -o LOG chroot ROOT /bin/bash -c SCRIPT, the script typing ls / in the ls guest.
     */
    private static List<String> recorded() throws IOException {
        try (InputStream in = new GZIPInputStream(StraceLogTest.class.getResourceAsStream("strace-ls.log.gz"))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().toList();
        }
    }

    @Test
    void aRecordedRunGivesTheGuestsFilesNotTheMachines() throws IOException {
        StraceLog log = StraceLog.parse(recorded());
        // bash, then ls, exec'd inside the root; chroot(8) itself was exec'd before it chrooted.
        assertThat(log.executed()).contains("/bin/bash", "/usr/bin/ls").doesNotContain("/usr/sbin/chroot");
        // what the loader opened for ls (through the /lib → usr/lib link, as the program named it)
        assertThat(log.reached()).contains("/etc/ld.so.cache", "/lib/x86_64-linux-gnu/libselinux.so.1",
                "/lib/x86_64-linux-gnu/libc.so.6", "/root");
        // PATH lookups that failed name no file
        assertThat(log.reached()).doesNotContain("/usr/local/sbin/ls", "/usr/local/bin/ls", "/etc/ld.so.preload");
        // no path of the machine's: every one is in the root's terms
        assertThat(log.reached()).noneMatch(p -> p.startsWith("/tmp/depset-strace-"));
        assertThat(log.unresolved()).isZero();
    }

    @Test
    void relativePathsAreResolvedAgainstTheDirectoryStraceShows() {
        StraceLog log = StraceLog.parse(List.of(
                "10 execve(\"/usr/sbin/chroot\", [\"chroot\"], 0x1 /* 3 vars */) = 0",
                "10 openat(AT_FDCWD</work>, \"/etc/ld.so.cache\", O_RDONLY) = 3</etc/ld.so.cache>",
                "10 chroot(\"" + ROOT + "\") = 0",
                "10 chdir(\"/\") = 0",
                "10 newfstatat(AT_FDCWD<" + ROOT + "/etc>, \"hostname\", {st_mode=S_IFREG|0644, ...}, 0) = 0",
                "10 openat(3<" + ROOT + "/usr/lib>, \"os-release\", O_RDONLY) = 4<" + ROOT + "/usr/lib/os-release>",
                "10 access(\"motd\", R_OK)              = 0",
                "10 openat(5</dev/pts/0>, \"x\", O_RDONLY) = 6</dev/pts/x>",
                "11 chdir(\"/var/lib\")                  = 0",
                "11 readlink(\"../../etc/alternatives/awk\", 0x7ff, 4095) = 21",
                "11 readlink(\"/var\", 0x7ff, 4095) = -1 EINVAL (Invalid argument)"));
        // access("motd") has no dirfd: the last directory pid 10 showed (/etc)
        assertThat(log.reached()).containsExactly("/", "/etc/alternatives/awk", "/etc/hostname", "/etc/motd",
                "/usr/lib/os-release", "/var", "/var/lib");
        // openat on a descriptor outside the root names no file of the root
        assertThat(log.unresolved()).isEqualTo(1);
    }

    @Test
    void aCallSplitByAnotherProcessIsJoinedAndFailuresLeftOut() {
        StraceLog log = StraceLog.parse(List.of(
                "1 chroot(\"" + ROOT + "\") = 0",
                "2 openat(AT_FDCWD<" + ROOT + ">, \"/usr/lib/x86_64-linux-gnu/libz.so.1\", O_RDONLY <unfinished ...>",
                "3 execve(\"/usr/sbin/nginx\", [\"nginx\"], 0x5 /* 1 var */ <unfinished ...>",
                // as strace 6.1 prints them: the resumed half keeps the padding before " = "
                "2 <... openat resumed>)             = 4<" + ROOT + "/usr/lib/x86_64-linux-gnu/libz.so.1.2.13>",
                "3 <... execve resumed>) = -1 ENOENT (No such file or directory)",
                "3 execve(\"/usr/bin/caf\\303\\251\", [\"caf\\303\\251\"], 0x5 /* 1 var */) = 0",
                "3 openat(AT_FDCWD<" + ROOT + ">, \"/etc/a\\\"b\", O_RDONLY|O_CREAT, 0644) = 3<" + ROOT + "/etc/a\"b>",
                "3 mkdir(\"/var/cache/new\", 0755) = 0",
                "3 statx(AT_FDCWD<" + ROOT + ">, \"/etc/none\", AT_STATX_SYNC_AS_STAT, STATX_ALL, 0x7ff) = -1 ENOENT"
                        + " (No such file or directory)"));
        // mkdir reached the directory it made its entry in (the set keeps that, as far as the root has it)
        assertThat(log.reached()).containsExactly("/etc/a\"b", "/usr/bin/café", "/usr/lib/x86_64-linux-gnu/libz.so.1",
                "/var/cache/new");
        assertThat(log.executed()).containsExactly("/usr/bin/café");
    }

    @Test
    void withoutAChrootNothingIsTheRoots() {
        StraceLog log = StraceLog.parse(List.of(
                "1 execve(\"/usr/sbin/chroot\", [\"chroot\", \"/r\"], 0x1 /* 1 var */) = 0",
                "1 chroot(\"/r\") = -1 EPERM (Operation not permitted)",
                "1 openat(AT_FDCWD</>, \"/etc/passwd\", O_RDONLY) = 3</etc/passwd>"));
        assertThat(log.reached()).isEmpty();
    }
}
