package depset.vm.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel file systems a chrooted guest needs, mounted the way its boot would: a fresh
 * {@code /proc} (of the new pid namespace), the machine's {@code /dev} and a {@code /sys}, and a fresh,
 * empty tmpfs {@code /run}, as depset's traced sandbox mounts them (what a boot then creates in /run,
 * such as /run/lock, is the sequence's boot steps' business). A fresh {@code /run} matters: init
 * scripts take first-boot branches there that a trace must see.
 *
 * <p>They are always mounted inside a private mount namespace made by {@code unshare}, so the
 * kernel drops them when its last process ends, however depset ends.
 */
public final class GuestMounts {
    /** {@code sh -c} script: $1 is the root, the rest is what to run once the mounts are made. */
    static final String SCRIPT = String.join("\n",
            "set -e",
            "r=$1; shift",
            "mount -t proc proc \"$r/proc\"",
            "mount --rbind /dev \"$r/dev\"",
            "mount -t sysfs sysfs \"$r/sys\" 2>/dev/null || mount --rbind /sys \"$r/sys\"",
            "mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs \"$r/run\"",
            "exec \"$@\"");

    /**
     * {@code sh -c} script: $1 is the root, $2 a scratch directory on disk; the root is laid under an
     * overlay whose upper layer is in the scratch directory (so the root is never written; on disk, not
     * tmpfs, because InnoDB opens its files with O_DIRECT), then mounted as {@link #SCRIPT} does.
     */
    static final String OVERLAY_SCRIPT = String.join("\n",
            "set -e",
            "src=$1; s=$2; shift 2",
            "mkdir -p \"$s/upper\" \"$s/work\" \"$s/root\"",
            "mount -t overlay overlay -o \"lowerdir=$src,upperdir=$s/upper,workdir=$s/work\" \"$s/root\"",
            "exec /bin/sh -c \"$0\" guest-mounts \"$s/root\" \"$@\"");

    private GuestMounts() {
    }

    /**
     * Like {@link #unshared}, but over an overlay of {@code root} at {@code scratch/root}, in the network
     * namespace {@code netns} (a {@code /proc/PID/ns/net} path) rather than a new one.
     */
    public static List<String> overlaid(Path root, Path scratch, Path netns, List<String> argv) {
        return overlaid(root, scratch, netns, argv, true);
    }

    /**
     * {@link #overlaid(Path, Path, Path, List)}, with or without /sys: ReproZip 1.1's tracer dies of a
     * segmentation fault (status 139) when the chroot has a sysfs mounted.
     */
    public static List<String> overlaid(Path root, Path scratch, Path netns, List<String> argv, boolean withSys) {
        String mounts = withSys ? SCRIPT : SCRIPT.replace(
                "mount -t sysfs sysfs \"$r/sys\" 2>/dev/null || mount --rbind /sys \"$r/sys\"\n", "");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/nsenter", "--net=" + netns, "--",
                "/usr/bin/unshare", "--mount", "--propagation", "private",
                "--pid", "--fork", "--kill-child", "--uts", "--ipc",
                "/bin/sh", "-c", OVERLAY_SCRIPT, mounts, root.toString(), scratch.toString()));
        cmd.addAll(argv);
        return cmd;
    }

    /**
     * {@code argv} run in new mount, pid, UTS and IPC namespaces (and a new, empty network namespace
     * when {@code isolateNetwork}) with the guest's mounts made under {@code root}. {@code argv} runs on
     * the machine's side of the chroot: prefix it with {@code chroot ROOT} to enter the guest.
     */
    public static List<String> unshared(Path root, boolean isolateNetwork, List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--propagation", "private",
                "--pid", "--fork", "--kill-child", "--uts", "--ipc"));
        if (isolateNetwork) {
            cmd.add("--net");
        }
        cmd.addAll(List.of("/bin/sh", "-c", SCRIPT, "guest-mounts", root.toString()));
        cmd.addAll(argv);
        return cmd;
    }

    /** {@code argv} run chrooted into {@code root}, inside {@link #unshared}. */
    public static List<String> chrooted(Path root, boolean isolateNetwork, List<String> argv) {
        List<String> inside = new ArrayList<>(List.of("/usr/sbin/chroot", root.toString()));
        inside.addAll(argv);
        return unshared(root, isolateNetwork, inside);
    }
}
