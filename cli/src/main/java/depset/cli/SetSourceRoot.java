package depset.cli;

import depset.manifest.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;

/** The source root a command reads a set's files from: {@code --from}, else the set's own. */
final class SetSourceRoot {
    private SetSourceRoot() {
    }

    /** {@code from} when given, else the manifest's sourceRoot; it must be a directory. */
    static Path of(Path from, Manifest m) {
        Path root = from != null ? from : Path.of(m.sourceRoot());
        if (!Files.isDirectory(root)) {
            throw new DepsetException(ExitCode.BAD_INPUT, root + ": no such source root (give it with --from)");
        }
        return root;
    }
}
