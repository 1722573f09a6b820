package depset.closure;

import depset.manifest.Manifest;
import depset.meta.DpkgDatabases;
import depset.meta.SourceRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Applies closures to a set: the entry point of this package. */
public final class Closures {
    /**
     * A completed set and what the closures could not do.
     *
     * @param manifest the set with the closures' files, its strategy named "base+closure…"
     * @param warnings one line each: an unmet library need, an unreadable file, a named package the set does not use
     */
    public record Result(Manifest manifest, List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    private Closures() {
    }

    /**
     * The closure called {@code name} with the user's {@code options}.
     *
     * @throws IllegalArgumentException for an unknown name, or {@code dirs} without directories
     */
    public static Closure named(String name, ClosureOptions options) {
        return switch (name) {
            case ElfClosure.NAME -> new ElfClosure();
            case PackageClosure.NAME -> new PackageClosure(options.packages(), options.packageFiles());
            case DirectoryClosure.NAME -> {
                if (options.dirs().isEmpty()) {
                    throw new IllegalArgumentException("the dirs closure needs the directories to complete (--dirs)");
                }
                yield new DirectoryClosure(options.dirs());
            }
            default -> throw new IllegalArgumentException("unknown closure \"" + name + "\"; known: "
                    + String.join(", ", ComposedStrategy.KNOWN));
        };
    }

    /** The closures of {@code composed}, checked before any work is done. */
    public static List<Closure> of(ComposedStrategy composed, ClosureOptions options) {
        List<Closure> out = new ArrayList<>();
        for (String c : composed.closures()) {
            out.add(named(c, options));
        }
        return out;
    }

    /**
     * {@code set} completed by {@code closures} in order, reading the source root at {@code root}.
     * With no closures, the set itself.
     */
    public static Result apply(Manifest set, List<Closure> closures, Path root) throws IOException {
        return apply(set, closures, root, new DpkgDatabases());
    }

    /** As above, taking the source root's dpkg database from {@code databases} (read there at most once). */
    public static Result apply(Manifest set, List<Closure> closures, Path root, DpkgDatabases databases)
            throws IOException {
        if (closures.isEmpty()) {
            return new Result(set, List.of());
        }
        SetAdditions additions = new SetAdditions(set, SourceRoot.of(root), databases);
        StringBuilder name = new StringBuilder(set.strategy());
        for (Closure c : closures) {
            c.close(additions);
            name.append('+').append(c.name());
        }
        return new Result(additions.manifest(set, name.toString()), additions.warnings());
    }
}
