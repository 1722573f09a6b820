package depset.vm.eval;

import depset.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a deployment set out of its source root as a root tree (the builder's job; see {@link TarTreeWriter}). */
@FunctionalInterface
public interface TreeWriter {
    /** Writes the entries of {@code manifest}, taken from {@code sourceRoot}, into the empty directory {@code out}. */
    void write(Manifest manifest, Path sourceRoot, Path out) throws IOException;
}
