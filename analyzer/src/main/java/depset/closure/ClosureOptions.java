package depset.closure;

import java.util.List;
import java.util.Set;

/**
 * What the user chose for the closures that take choices.
 *
 * @param packages     {@code packages}: only these packages (empty: every one the set uses)
 * @param packageFiles {@code packages}: only these kinds of files
 * @param dirs         {@code dirs}: the directories to complete (needed when {@code dirs} is named)
 */
public record ClosureOptions(List<String> packages, Set<PackageFileKind> packageFiles, List<String> dirs) {
    /** No choices: every used package's files but its docs, no directories. */
    public static final ClosureOptions DEFAULT = new ClosureOptions(List.of(), PackageFileKind.DEFAULT, List.of());

    public ClosureOptions {
        packages = List.copyOf(packages);
        packageFiles = Set.copyOf(packageFiles);
        dirs = List.copyOf(dirs);
    }
}
