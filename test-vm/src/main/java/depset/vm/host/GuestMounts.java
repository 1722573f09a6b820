package depset.vm.host;

import depset.sandbox.GuestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands run in a guest's environment ({@link GuestEnvironment#STANDARD}: its own mount, pid, UTS
 * and IPC namespaces, fresh /proc, /sys and /run, the machine's /dev), to their end: building a guest,
 * tracing it with a peer's tool. The mounts live in a private mount namespace made by {@code unshare},
 * so the kernel drops them when its last process ends, however depset ends.
 */
public final class GuestMounts {
    private GuestMounts() {
    }

    /**
     * An overlay of {@code root} at {@code scratch/root} whose upper layer is in {@code scratch}, so
     * that the root is never written (on disk, not tmpfs, because InnoDB opens its files with
     * O_DIRECT); creates the overlay's directories.
     */
    public static GuestEnvironment.Mount overlay(Path root, Path scratch) throws IOException {
        for (String d : List.of("upper", "work", "root")) {
            Files.createDirectories(scratch.resolve(d));
        }
        return GuestEnvironment.Mount.overlay(root, scratch.resolve("upper"), scratch.resolve("work"),
                scratch.resolve("root"));
    }

    /**
     * {@code argv} run over an overlay of {@code root} at {@code scratch/root} ({@link #overlay}), in the
     * network namespace {@code netns} (a {@code /proc/PID/ns/net} path), with or without /sys: ReproZip
     * 1.1's tracer dies of a segmentation fault (status 139) when the chroot has a sysfs mounted.
     * {@code argv} runs on the machine's side of the root.
     */
    public static List<String> overlaid(Path root, Path scratch, Path netns, List<String> argv, boolean withSys)
            throws IOException {
        GuestEnvironment env = withSys ? GuestEnvironment.STANDARD : GuestEnvironment.STANDARD.without("/sys");
        return env.init(scratch.resolve("root"), netns, false, List.of(overlay(root, scratch)), argv);
    }

    /**
     * {@code argv} run chrooted into {@code root} in the guest's environment, in the machine's network
     * namespace or, when {@code isolateNetwork}, a new, empty one.
     */
    public static List<String> chrooted(Path root, boolean isolateNetwork, List<String> argv) {
        List<String> inside = new ArrayList<>(List.of("/usr/sbin/chroot", root.toString()));
        inside.addAll(argv);
        return GuestEnvironment.STANDARD.init(root, null, isolateNetwork, List.of(), inside);
    }
}
