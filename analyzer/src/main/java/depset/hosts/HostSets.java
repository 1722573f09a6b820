package depset.hosts;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import java.nio.file.Path;
import java.util.List;

/** The sets of a multi-host run: one manifest per host, found and named beside the run's files. */
public final class HostSets {
    private HostSets() {
    }

    /** {@code m} as host {@code host}'s set: every reason names the host (as {@code run}, the run it comes from). */
    public static Manifest forHost(Manifest m, String host) {
        List<ManifestEntry> entries = m.entries().stream().map(e -> new ManifestEntry(e.path(), e.type(), e.mode(),
                e.uid(), e.gid(), e.size(), e.mtime(), e.target(), e.linkGroup(),
                e.reasons().stream().map(r -> r.run() == null ? r.fromRun(runName(host)) : r).toList())).toList();
        return m.withEntries(m.strategy(), entries);
    }

    /** How a reason names host {@code host}. */
    public static String runName(String host) {
        return "host " + host;
    }

    /** {@code set.json} → {@code set.web.json}: host {@code host}'s manifest beside {@code output}. */
    public static Path output(Path output, String host) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String file = dot <= 0 ? name + "." + host : name.substring(0, dot) + "." + host + name.substring(dot);
        return output.resolveSibling(file);
    }
}
