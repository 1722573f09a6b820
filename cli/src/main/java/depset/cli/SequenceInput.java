package depset.cli;

import depset.vm.run.ShippedSequences;
import depset.vm.sequence.Sequence;
import depset.vm.sequence.SequenceFormatException;
import depset.vm.sequence.SequenceParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a sequence for the commands that run one: a file, or the name of a shipped sequence. */
final class SequenceInput {
    private SequenceInput() {
    }

    /** {@code ls}, {@code lamp}, {@code host} (and {@code NAME@trixie}) name the shipped sequences; anything else is a file. */
    static Sequence read(String nameOrFile) throws IOException {
        Path file = Path.of(nameOrFile);
        if (!Files.exists(file)) {
            var shipped = ShippedSequences.byName(nameOrFile); // ls, lamp, host; ls@trixie, lamp@trixie
            if (shipped.isPresent()) {
                return shipped.get();
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(nameOrFile, null, "no such sequence file (shipped sequences: "
                    + String.join(", ", ShippedSequences.names()) + ")");
        }
        try {
            return SequenceParser.parse(file);
        } catch (SequenceFormatException e) {
            throw new DepsetException(ExitCode.BAD_INPUT, e.getMessage());
        }
    }

    /** The directory relative roots of {@code nameOrFile} are taken from. */
    static Path base(String nameOrFile) {
        Path parent = Path.of(nameOrFile).toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
