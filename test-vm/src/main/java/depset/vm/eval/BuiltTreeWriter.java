package depset.vm.eval;

import depset.build.BuildPlan;
import depset.build.SourceMismatchException;
import depset.build.SourceTree;
import depset.fsops.PosixFiles;
import depset.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a set with depset's builder ({@link depset.build.TreeWriter}: types, modes, owners, times,
 * xattrs, hard links), then adds the empty mount points /proc, /dev, /sys and /run that a set never
 * holds (they are kernel-provided) and a chroot needs.
 */
public final class BuiltTreeWriter implements SetTreeWriter {
    private static final List<String> MOUNT_POINTS = List.of("proc", "dev", "sys", "run");

    @Override
    public void write(Manifest manifest, Path sourceRoot, Path out) throws IOException {
        SourceTree source = new SourceTree(sourceRoot, PosixFiles.system());
        BuildPlan plan;
        try {
            // The trace ran over an overlay of the guest, whose directories' times the run's writes moved:
            // the guest itself is unchanged, so its current metadata is taken as it is.
            plan = BuildPlan.of(manifest, source, true);
        } catch (SourceMismatchException e) {
            throw new IOException(e.getMessage(), e);
        }
        depset.build.TreeWriter.into(out, source, false).write(plan);
        for (String d : MOUNT_POINTS) {
            Path p = out.resolve(d);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(p);
            }
        }
    }
}
