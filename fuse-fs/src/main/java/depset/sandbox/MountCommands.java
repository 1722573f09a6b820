package depset.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Mounting and unmounting through util-linux's {@code mount} and {@code umount}, whose error
 * messages say what the kernel refused; they act in this process's mount namespace.
 */
final class MountCommands {
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

    static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int status;
        try {
            status = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(cmd.get(0) + " interrupted");
        }
        if (status != 0) {
            // The first line says what failed; later ones are advice ("dmesg(1) may have more information").
            String line = out.isEmpty() ? cmd.get(0) + " failed with status " + status : out.lines().findFirst().get();
            throw new IOException(line);
        }
        return out;
    }
}
