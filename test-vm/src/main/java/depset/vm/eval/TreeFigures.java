package depset.vm.eval;

import depset.build.SourceSize;
import depset.sandbox.HostCommand;
import depset.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The figures of a tree in the evaluation table: its size as a run of it sees it ({@link SourceSize}, depset's
 * one measure of a tree, without what {@link Sandbox#notLayered} lists: for root "/", the machine's disks, not
 * /proc/1/map_files) and the size of the tree as a gzip-compressed tar (redo logs and databases are mostly
 * zeros, so the two differ a lot).
 *
 * @param size            bytes, regular files and entries of the tree
 * @param compressedBytes the size of {@code tar -cz} of the tree; -1 when not measured or it failed
 */
public record TreeFigures(SourceSize size, long compressedBytes) {

    /** Measures {@code root} and compresses it: {@link #of(Path, boolean)}. */
    public static TreeFigures of(Path root) throws IOException {
        return of(root, true);
    }

    /** Measures {@code root}; {@code compress}: also the size of its tar.gz (for a machine's own root, hours). */
    public static TreeFigures of(Path root, boolean compress) throws IOException {
        SourceSize size = SourceSize.of(root, Sandbox::notLayered);
        return new TreeFigures(size, compress ? compressed(root) : -1);
    }

    private static long compressed(Path root) throws IOException {
        HostCommand.Result r = HostCommand.run(List.of("/bin/sh", "-c",
                "tar -C \"$1\" --one-file-system -cf - . | gzip -6 | wc -c", "measure", root.toString()),
                Duration.ofMinutes(20));
        if (!r.ok()) {
            return -1;
        }
        try {
            return Long.parseLong(r.lastLine().strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
