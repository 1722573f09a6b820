package depset.sandbox;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Mounting and unmounting through util-linux's {@code mount} and {@code umount}, whose error
 * messages say what the kernel refused; they act in this process's mount namespace.
 */
final class MountCommands {
    /** Far longer than a mount takes; past it a mount stuck on a dead file system fails instead of hanging. */
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private MountCommands() {
    }

    /** Runs {@code mount ARGS}; on failure throws with mount's own message. */
    static void mount(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("mount");
        cmd.addAll(List.of(args));
        run(cmd);
    }

    /** Unmounts {@code target} and everything below it; lazily when busy. Never throws. */
    static boolean unmountTree(String target) {
        try {
            run(List.of("umount", "--recursive", target));
            return true;
        } catch (IOException e) {
            try {
                run(List.of("umount", "--recursive", "--lazy", target));
                return true;
            } catch (IOException e2) {
                return false;
            }
        }
    }

    /** Unmounts one mount lazily (detached now, gone when no longer busy). */
    static void unmountLazy(String target) throws IOException {
        run(List.of("umount", "--lazy", target));
    }

    private static void run(List<String> cmd) throws IOException {
        HostCommand.Result r = HostCommand.run(cmd, DEADLINE);
        if (r.timedOut()) {
            throw new IOException(cmd.get(0) + " did not end within " + DEADLINE.toMinutes() + " minutes");
        }
        if (r.status() != 0) {
            // The first line says what failed; later ones are advice ("dmesg(1) may have more information").
            String line = r.firstLine();
            throw new IOException(line.isEmpty() ? cmd.get(0) + " failed with status " + r.status() : line);
        }
    }
}
