package depset.vm.run;

import depset.vm.guest.GuestBuildException;
import depset.vm.guest.GuestBuilder;
import depset.vm.guest.GuestRecipes;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns a sequence's {@code root} line into a directory: builds or reuses a guest, or checks a path. */
public final class SequenceRoots {
    private SequenceRoots() {
    }

    /**
     * The root tree of {@code sequence}: the cached (or newly built) guest for {@code guest:NAME}, or
     * the directory it names, relative paths taken from {@code base} (the sequence file's directory).
     */
    public static Path resolve(Sequence sequence, GuestBuilder guests, Path base)
            throws IOException, GuestBuildException {
        if (sequence.guestName().isPresent()) {
            String name = sequence.guestName().get();
            var recipe = GuestRecipes.byName(name).orElseThrow(() -> new GuestBuildException(
                    "no guest called '" + name + "' (depset ships: " + String.join(", ", GuestRecipes.names()) + ")"));
            return guests.obtain(recipe).root();
        }
        Path dir = base.resolve(sequence.root()).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "the sequence's root is not a directory");
        }
        return dir;
    }
}
