package depset.vm.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MissingNamesTest {

    @Test
    void readsTheShellTheLoaderAndChroot() {
        String out = String.join("\n",
                "/usr/sbin/apache2ctl: 1: mktemp: not found",
                "bash: ifconfig: command not found",
                "mkdir: error while loading shared libraries: libselinux.so.1: cannot open shared object file: "
                        + "No such file or directory",
                "chroot: failed to run command \u2018/bin/login\u2019: No such file or directory",
                "/usr/sbin/chroot: failed to run command '/bin/sh': No such file or directory",
                "ls: cannot access '/srv/x': No such file or directory");
        assertThat(MissingNames.in(out)).containsExactly("mktemp", "ifconfig", "libselinux.so.1", "/srv/x",
                "/bin/login", "/bin/sh");
    }

    @Test
    void findsNothingInAHealthyOutput() {
        assertThat(MissingNames.in("Starting MariaDB database server: mariadbd.\nrow: 42\n")).isEmpty();
    }
}
