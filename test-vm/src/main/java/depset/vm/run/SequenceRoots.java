package depset.vm.run;

import depset.vm.guest.GuestBuildException;
import depset.vm.guest.GuestBuilder;
import depset.vm.guest.GuestRecipes;
import depset.vm.sequence.Host;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

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
        return resolve(sequence.root(), guests, base);
    }

    /** Each host's root tree of a multi-host {@code sequence}, by host name (one guest built once). */
    public static Map<String, Path> resolveHosts(Sequence sequence, GuestBuilder guests, Path base)
            throws IOException, GuestBuildException {
        Map<String, Path> roots = new LinkedHashMap<>();
        Map<String, Path> byRoot = new HashMap<>();
        for (Host h : sequence.hosts()) {
            Path r = byRoot.get(h.root());
            if (r == null) {
                r = resolve(h.root(), guests, base);
                byRoot.put(h.root(), r);
            }
            roots.put(h.name(), r);
        }
        return roots;
    }

    private static Path resolve(String root, GuestBuilder guests, Path base) throws IOException, GuestBuildException {
        if (root.startsWith(Sequence.GUEST_PREFIX)) {
            String name = root.substring(Sequence.GUEST_PREFIX.length());
            var recipe = GuestRecipes.byName(name).orElseThrow(() -> new GuestBuildException(
                    "no guest called '" + name + "' (depset ships: " + String.join(", ", GuestRecipes.names()) + ")"));
            return guests.obtain(recipe).root();
        }
        Path dir = base.resolve(root).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "the sequence's root is not a directory");
        }
        return dir;
    }
}
