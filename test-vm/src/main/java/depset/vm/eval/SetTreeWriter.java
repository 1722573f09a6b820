package depset.vm.eval;

import depset.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How the evaluation turns a set into a root tree to run its sequence in: writes the set out of its source root
 * ({@link BuiltTreeWriter} with depset's builder, {@code depset.build.TreeWriter}).
 */
@FunctionalInterface
public interface SetTreeWriter {
    /** Writes the entries of {@code manifest}, taken from {@code sourceRoot}, into the empty directory {@code out}. */
    void write(Manifest manifest, Path sourceRoot, Path out) throws IOException;
}
