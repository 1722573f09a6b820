package depset.cli;

import depset.manifest.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --from SRC}, the source root a command reads a set's files from, as a picocli mixin: one option,
 * resolved one way (the given root, else the set's own; a directory, or bad input on one line).
 */
final class SourceRootOption {
    @Option(names = "--from", paramLabel = "SRC", description = "the source root to read the set's files from"
            + " (default: the set's sourceRoot)")
    Path from;

    /** {@code --from} when given, else {@code m}'s sourceRoot ("/" when it has none); it must be a directory. */
    Path rootOf(Manifest m) {
        return requireDirectory(from != null ? from : Path.of(m.sourceRoot() == null ? "/" : m.sourceRoot()));
    }

    /** {@code --from} when given (a directory), else null: each set's own root. */
    Path given() {
        return from == null ? null : requireDirectory(from);
    }

    private static Path requireDirectory(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DepsetException(ExitCode.BAD_INPUT, root + ": no such source root (give it with --from)");
        }
        return root;
    }
}
