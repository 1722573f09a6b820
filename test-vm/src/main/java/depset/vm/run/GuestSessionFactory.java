package depset.vm.run;

import java.io.IOException;
import java.nio.file.Path;

/** Opens {@link GuestSession}s: natively ({@link ChrootSession}) or through depset's traced sandbox. */
@FunctionalInterface
public interface GuestSessionFactory {
    /**
     * A session over {@code root} whose processes run in the network namespace {@code netns}
     * (a {@code /proc/PID/ns/net} path); fails with a one-line reason when it cannot be made.
     */
    GuestSession open(Path root, Path netns) throws IOException;
}
