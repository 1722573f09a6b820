package depset.vm.run;

import java.io.IOException;
import java.nio.file.Path;

/** Opens {@link GuestSession}s: natively ({@link ChrootSession}) or through depset's traced sandbox. */
@FunctionalInterface
public interface GuestSessionFactory {
    /**
     * A session over {@code root} whose processes run in the network namespace {@code netns}
     * (a {@code /proc/PID/ns/net} path), named {@code hostname} in its own UTS namespace (null: the
     * machine's name); fails with a one-line reason when it cannot be made.
     */
    GuestSession open(Path root, Path netns, String hostname) throws IOException;

    /** {@link #open(Path, Path, String)} with the machine's host name (a one-host sequence). */
    default GuestSession open(Path root, Path netns) throws IOException {
        return open(root, netns, null);
    }
}
