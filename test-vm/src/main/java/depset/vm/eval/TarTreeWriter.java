package depset.vm.eval;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.vm.host.HostCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluation's own tree writer while the builder's is not in this build: GNU tar copies exactly
 * the manifest's paths ({@code --no-recursion}), keeping modes, owners, symlinks, devices and hard
 * links; it adds the empty mount points /proc, /dev, /sys and /run (kernel-provided, never in a set).
 */
public final class TarTreeWriter implements TreeWriter {
    private static final List<String> MOUNT_POINTS = List.of("proc", "dev", "sys", "run");

    @Override
    public void write(Manifest manifest, Path sourceRoot, Path out) throws IOException {
        List<String> paths = new ArrayList<>();
        for (ManifestEntry e : manifest.entries()) {
            if (!e.path().equals("/")) {
                paths.add("." + e.path());
            }
        }
        Files.createDirectories(out);
        Path list = Files.createTempFile("depset-tree-", ".list");
        try {
            Files.write(list, paths, StandardCharsets.UTF_8);
            HostCommand.Result r = HostCommand.run(List.of("/bin/sh", "-c",
                    "tar -C \"$1\" --no-recursion --verbatim-files-from -T \"$3\" -cf - | tar -C \"$2\" -xpf -",
                    "tree", sourceRoot.toString(), out.toString(), list.toString()), Duration.ofMinutes(20));
            if (!r.ok()) {
                throw new IOException("cannot write the tree " + out + ": " + r.lastLine());
            }
        } finally {
            Files.deleteIfExists(list);
        }
        for (String d : MOUNT_POINTS) {
            Path p = out.resolve(d);
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(p);
            }
        }
    }
}
