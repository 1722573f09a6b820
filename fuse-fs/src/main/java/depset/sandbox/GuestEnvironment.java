package depset.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The environment a guest's processes see, described once for every way depset runs a guest: the
 * traced sandbox ({@link SandboxSession}), the plain chroot that verifies a set, and the peers' rows.
 * A set is only known to work in the environment it was traced in, so there is exactly one.
 *
 * <p>A guest gets new mount, pid, UTS and IPC namespaces (and the network namespace it is given),
 * whose pid 1 is {@code guest-init.sh} ({@link GuestInit}); that init mounts, inside the guest's root,
 * what a booted Debian has: a fresh {@code /proc} of the new pid namespace and a fresh {@code /sys}
 * (both nosuid,nodev,noexec, as systemd mounts them), the machine's {@code /dev} (with /dev/pts, so a
 * terminal of the machine works inside) and a fresh, empty tmpfs {@code /run} (init scripts take
 * first-boot branches there that a trace must see). Every step then enters those namespaces with
 * {@code nsenter}, rooted in the guest, with {@link #env()} as its whole environment and at most
 * {@link #openFiles()} open files (the soft limit a booted system gives; a JVM raises its own to the
 * hard limit, which its children would otherwise inherit).
 *
 * @param mounts    what the init mounts, in order, targets inside the guest's root
 * @param hostname  the guest's host name, or null to keep the machine's (in the guest's own UTS
 *                  namespace either way, so the guest can never rename the machine)
 * @param env       every step's environment, as init gives it
 * @param openFiles the soft limit on open files of every step
 */
public record GuestEnvironment(List<Mount> mounts, String hostname, Map<String, String> env, int openFiles) {
    /** The guest's default PATH (Debian's for root, as init and {@code login} set it). */
    public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** The environment of every guest depset runs. */
    public static final GuestEnvironment STANDARD = new GuestEnvironment(List.of(
            new Mount("proc", "proc", "nosuid,nodev,noexec", "/proc"),
            Mount.rbind("/dev", "/dev"),
            new Mount("sysfs", "sysfs", "nosuid,nodev,noexec", "/sys"),
            new Mount("tmpfs", "tmpfs", "mode=0755,nosuid,nodev", "/run")),
            null, orderedEnv(), 1024);

    public GuestEnvironment {
        mounts = List.copyOf(mounts);
        env = Map.copyOf(env);
        if (openFiles <= 0) {
            throw new IllegalArgumentException("openFiles must be positive: " + openFiles);
        }
    }

    private static Map<String, String> orderedEnv() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("PATH", PATH);
        m.put("TERM", "linux");
        m.put("HOME", "/root");
        return m;
    }

    /**
     * One mount the init makes.
     *
     * @param type    the file system type, or {@value #RBIND} to bind {@code source} with its submounts
     * @param source  the source ({@code proc}, a directory of the machine …)
     * @param options mount options, or "" for none
     * @param target  where: inside the guest's root for {@link #mounts()}, on the machine for layers
     */
    public record Mount(String type, String source, String options, String target) {
        public static final String RBIND = "rbind";

        public Mount {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(source, "source");
            options = options == null ? "" : options;
            Objects.requireNonNull(target, "target");
            if (!target.startsWith("/")) {
                throw new IllegalArgumentException("a mount target must be absolute: " + target);
            }
        }

        /** {@code source} bound, with the mounts below it, at {@code target}. */
        public static Mount rbind(String source, String target) {
            return new Mount(RBIND, source, "", target);
        }

        /** An overlay of {@code lower} (read-only) with its writes in {@code upper}, at {@code target}. */
        public static Mount overlay(Path lower, Path upper, Path work, Path target) {
            return new Mount("overlay", "overlay", "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work,
                    target.toString());
        }

        private List<String> render(String under) {
            return List.of(type, source, options.isEmpty() ? "-" : options, under + target);
        }
    }

    /** This environment without the mount at {@code target} (ReproZip 1.1's tracer dies when /sys is mounted). */
    public GuestEnvironment without(String target) {
        return new GuestEnvironment(mounts.stream().filter(m -> !m.target().equals(target)).toList(),
                hostname, env, openFiles);
    }

    /**
     * The names in the guest's root that {@link #mounts()} mount a file system on, or under (the
     * first name of each target: proc, dev, sys, run): the directories a trace's header names as
     * the sandbox's, which no set holds ({@code depset.fs.MountOptions#rootMountPoints}).
     */
    public Set<String> rootMountPoints() {
        return mounts.stream().map(m -> m.target().substring(1).split("/", 2)[0])
                .filter(name -> !name.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** This environment with the guest named {@code name}. */
    public GuestEnvironment hostname(String name) {
        return new GuestEnvironment(mounts, name, env, openFiles);
    }

    /**
     * The argv that starts a guest's pid 1 over {@code root}: in the network namespace {@code netns}
     * (a {@code /proc/PID/ns/net} path, or null for a new, empty one when {@code isolateNetwork}, else
     * the caller's), in new mount, pid, UTS and IPC namespaces, with {@code layers} mounted first (on
     * the machine: an overlay at {@code root}, say) and then {@link #mounts()} inside {@code root}.
     * With an empty {@code command}, the init holds the namespaces until its stdin closes ({@link
     * GuestInit#start}); else it becomes {@code command} (run on the machine's side of the root:
     * prefix it with {@code chroot ROOT} to enter the guest).
     */
    public List<String> init(Path root, Path netns, boolean isolateNetwork, List<Mount> layers,
                             List<String> command) {
        List<String> argv = new ArrayList<>();
        if (netns != null) {
            argv.addAll(List.of("/usr/bin/nsenter", "--net=" + netns, "--"));
        }
        argv.addAll(List.of("/usr/bin/unshare", "--mount", "--propagation", "private",
                "--pid", "--fork", "--kill-child", "--uts", "--ipc"));
        if (netns == null && isolateNetwork) {
            argv.add("--net");
        }
        argv.add("--");
        List<String> args = new ArrayList<>();
        args.add(hostname == null ? "-" : hostname);
        for (Mount m : layers) {
            args.addAll(m.render(""));
        }
        String r = root.toAbsolutePath().normalize().toString();
        for (Mount m : mounts) {
            args.addAll(m.render(r.equals("/") ? "" : r));
        }
        if (!command.isEmpty()) {
            args.add("--");
            args.addAll(command);
        }
        argv.addAll(GuestInit.script(args));
        return argv;
    }

    /**
     * The argv prefix that enters the guest whose pid 1 is {@code initPid} (as the machine numbers
     * it): its mount, pid, UTS, IPC and network namespaces ({@code netns} instead of the init's when
     * not null), rooted in {@code root} (as mounted in its mount namespace) and working in {@code
     * workdir} inside it, with at most {@link #openFiles()} open files. Append {@code nsenter}'s
     * {@code --setuid}/{@code --setgid} if wanted, then {@code --} and the command.
     */
    public List<String> enter(long initPid, Path root, String workdir, Path netns) {
        // Through /proc/PID/root: the root as the guest's mount namespace sees it, mounts inside.
        String nsRoot = "/proc/" + initPid + "/root" + root.toAbsolutePath().normalize();
        return List.of("/usr/bin/prlimit", "--nofile=" + openFiles + ":",
                "/usr/bin/nsenter", "--target", Long.toString(initPid),
                "--mount", "--pid", "--uts", "--ipc", netns == null ? "--net" : "--net=" + netns,
                "--root=" + nsRoot, "--wd=" + nsRoot + (workdir.equals("/") ? "" : workdir));
    }
}
