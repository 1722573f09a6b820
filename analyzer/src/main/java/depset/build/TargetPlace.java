package depset.build;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.trace.BadInputException;
import depset.trace.FileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where a build may write: never where it reads. A target (tree, tar or OCI layout) that is the
 * source root or contains it would have {@code --force} replace the very files being copied (with
 * {@code --from / --to /}, the host's); a target inside the source is refused when the set names
 * anything at or below it, for the same reason. A target elsewhere inside the source (the host
 * root traced, {@code /tmp/out} written) stays allowed. Paths are compared as the kernel resolves
 * them (symlinks followed), so a link to the source is the source.
 */
public final class TargetPlace {
    private TargetPlace() {
    }

    /** Refuses {@code target} (what {@code option} names) when it overlaps the source the set is read from. */
    public static void check(String option, Path target, Path sourceRoot, Manifest manifest) throws IOException {
        Path source = sourceRoot.toRealPath();
        Path t = real(target.toAbsolutePath().normalize());
        String shown = FileNames.printable(target.toString());
        if (t.equals(source)) {
            throw new BadInputException(option + " " + shown + " is the source root: building would overwrite"
                    + " what it copies");
        }
        if (source.startsWith(t)) {
            throw new BadInputException(option + " " + shown + " contains the source root " + source
                    + ": building would overwrite what it copies");
        }
        if (t.startsWith(source)) {
            String inRoot = "/" + source.relativize(t);
            for (ManifestEntry e : manifest.entries()) {
                if (e.path().equals(inRoot) || e.path().startsWith(inRoot + "/")) {
                    throw new BadInputException(option + " " + shown + " is inside the source root, at "
                            + FileNames.printable(inRoot) + ", where the set's files are read from ("
                            + FileNames.printable(e.path()) + ")");
                }
            }
        }
    }

    /** The real path of {@code p}: of its deepest existing ancestor, then the names that do not exist yet. */
    private static Path real(Path p) throws IOException {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        Path base = existing.toRealPath();
        return base.resolve(existing.relativize(p)).normalize();
    }

    /** Refuses an OCI layout or tree target that is a symlink: name the directory itself. */
    public static void refuseSymlink(String option, Path target) {
        if (Files.isSymbolicLink(target) || Files.exists(target) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException(option + " " + FileNames.printable(target.toString())
                    + (Files.isSymbolicLink(target) ? " is a symlink; name the directory itself"
                    : " exists and is not a directory"));
        }
    }
}
