package depset.closure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Files of this machine the closure tests copy into their roots. */
final class ElfClosureFixtures {
    private ElfClosureFixtures() {
    }

    /** A readable setuid program whose libraries the constructed root lacks, or null. */
    static Path firstSetuid() {
        for (String c : List.of("/usr/bin/passwd", "/usr/bin/su")) {
            Path p = Path.of(c);
            if (Files.isRegularFile(p) && Files.isReadable(p)) {
                return p;
            }
        }
        return null;
    }
}
