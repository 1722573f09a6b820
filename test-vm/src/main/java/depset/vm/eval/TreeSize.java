package depset.vm.eval;

import depset.build.SourceSize;
import depset.sandbox.HostCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A root tree's size as it lies on disk: the bytes of its regular files (each hard-linked inode
 * once) and its non-directory entries as {@link SourceSize} measures them, and the size of the tree as a
 * gzip-compressed tar (redo logs
 * and databases are mostly zeros, so the two differ a lot).
 *
 * @param bytes           bytes of regular files
 * @param files           regular files, symlinks and other non-directory entries
 * @param compressedBytes the size of {@code tar -cz} of the tree
 */
public record TreeSize(long bytes, long files, long compressedBytes) {

    /** Measures {@code root}, not crossing into other file systems. */
    public static TreeSize of(Path root) throws IOException {
        SourceSize size = SourceSize.of(root);
        HostCommand.Result r = HostCommand.run(List.of("/bin/sh", "-c",
                "tar -C \"$1\" --one-file-system -cf - . | gzip -6 | wc -c", "measure", root.toString()),
                Duration.ofMinutes(20));
        long compressed = -1;
        if (r.ok()) {
            try {
                compressed = Long.parseLong(r.lastLine().strip());
            } catch (NumberFormatException e) {
                compressed = -1;
            }
        }
        return new TreeSize(size.bytes(), size.entries(), compressed);
    }

    public double megabytes() {
        return bytes / 1e6;
    }

    public double compressedMegabytes() {
        return compressedBytes / 1e6;
    }
}
