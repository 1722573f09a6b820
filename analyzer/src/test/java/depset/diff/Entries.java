package depset.diff;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.util.List;

/** Small manifests for tests. */
final class Entries {
    private Entries() {
    }

    static ManifestEntry file(String path, long size, String rule) {
        return new ManifestEntry(path, FileType.FILE, 0644, 0, 0, size, 1_000L, null, null,
                List.of(new Reason(rule, 42, "/usr/bin/ls", "open")));
    }

    static ManifestEntry dir(String path) {
        return new ManifestEntry(path, FileType.DIRECTORY, 0755, 0, 0, 4096, 1_000L, null, null,
                List.of(new Reason("parent-directory", 0, null, null)));
    }

    static ManifestEntry link(String path, String target) {
        return new ManifestEntry(path, FileType.SYMLINK, 0777, 0, 0, target.length(), 1_000L, target, null,
                List.of(new Reason("symlink-on-path", 42, "/usr/bin/ls", "readlink")));
    }

    static Manifest manifest(String strategy, ManifestEntry... entries) {
        return Manifest.of("/srv/root", strategy, List.of("ls"), List.of("/usr/bin/ls"), List.of(strategy + ".jsonl"),
                List.of(entries));
    }
}
