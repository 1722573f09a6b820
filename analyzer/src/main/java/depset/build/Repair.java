package depset.build;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One round of repair: adds to a set the files a verifying run probed in vain and the source has,
 * with their parent directories and, for a symlink, what it points to (followed inside the
 * source, link after link). Each added entry's reason is "repair round N: process P probed it"
 * (or "… listed its directory" for a name only a directory listing showed). A directory is added
 * as a directory, not with its contents: the next round finds which of its names are wanted.
 */
public final class Repair {
    /** How many links in a row are followed, as the kernel's own limit. */
    private static final int MAX_LINKS = 40;

    private Repair() {
    }

    /** The set with the missing files added; {@code added} tells how many entries are new. */
    public record Step(Manifest manifest, int added) {
    }

    public static Step extend(Manifest manifest, List<MissingFile> missing, SourceTree source, int round)
            throws IOException {
        return extend(manifest, missing, source, round, "");
    }

    /**
     * {@link #extend(Manifest, List, SourceTree, int)} with {@code note} appended to each reason
     * (the loop says there that the fallback rule chose the file).
     */
    public static Step extend(Manifest manifest, List<MissingFile> missing, SourceTree source, int round, String note)
            throws IOException {
        Map<String, ManifestEntry> byPath = new TreeMap<>();
        for (ManifestEntry e : manifest.entries()) {
            byPath.put(e.path(), e);
        }
        int before = byPath.size();
        for (MissingFile m : missing) {
            Reason why = new Reason("repair round " + round + ": " + m.process()
                    + (m.operation().equals("readdir") ? " listed its directory" : " probed it") + note, m.pid(),
                    m.exe().isEmpty() ? null : m.exe(), m.operation().equals("readdir") ? "readdir" : "probe-missing");
            add(byPath, source, m.path(), why, round, 0);
        }
        return new Step(manifest.withEntries(manifest.strategy(), List.copyOf(byPath.values())),
                byPath.size() - before);
    }

    private static void add(Map<String, ManifestEntry> byPath, SourceTree source, String path, Reason why,
                            int round, int depth) throws IOException {
        if (depth > MAX_LINKS || EntryPath.unsafe(path) != null || path.equals("/")) {
            return;
        }
        SourceFile f;
        try {
            f = source.stat(path);
        } catch (IOException e) {
            return; // gone from the source, or below a symlink of it: nothing to add
        }
        ManifestEntry have = byPath.get(path);
        byPath.put(path, have != null ? have.withReasons(List.of(why)) : entry(f, why));
        Reason parent = new Reason("repair round " + round + ": parent directory", why.pid(), why.exe(),
                why.operation());
        for (String p = EntryPath.parent(path); p != null && !p.equals("/"); p = EntryPath.parent(p)) {
            if (!byPath.containsKey(p)) {
                byPath.put(p, entry(source.stat(p), parent));
            }
        }
        if (f.type() == FileType.SYMLINK && have == null) {
            String target = resolve(EntryPath.parent(path), f.target());
            Reason link = new Reason("repair round " + round + ": symlink target of " + path, why.pid(), why.exe(),
                    why.operation());
            add(byPath, source, target, link, round, depth + 1);
        }
    }

    /** A link target as a normal absolute path inside the root; ".." stops at "/", as in a chroot. */
    static String resolve(String dir, String target) {
        String joined = target.startsWith("/") ? target : (dir.equals("/") ? "" : dir) + "/" + target;
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }

    private static ManifestEntry entry(SourceFile f, Reason why) {
        return new ManifestEntry(f.path(), f.type(), f.mode(), f.uid(), f.gid(), f.size(), f.mtime(), f.target(),
                null, List.of(why));
    }
}
