package depset.vm.run;

import java.io.IOException;
import java.nio.file.Path;

/** Opens {@link GuestSession}s: natively ({@link ChrootSession}) or through depset's traced sandbox. */
@FunctionalInterface
public interface GuestSessionFactory {
    /** A session over {@code root}; fails with a one-line reason when the machine cannot make it. */
    GuestSession open(Path root) throws IOException;
}
