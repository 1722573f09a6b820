package depset.build;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The directories every Linux server has, which a built tree gets whether or not the trace touched
 * them, with the rule {@value #RULE}: what the FHS requires of a root (and of {@code /usr} and
 * {@code /var}), the mount points {@code /proc}, {@code /sys}, {@code /dev} and {@code /run}, and
 * {@code /tmp} and {@code /var/tmp} with mode 1777. A program may create a temporary file or a
 * lock without its directory ever appearing in the trace (the original run had it; it was only
 * created, never looked at, or it was bind-mounted over).
 *
 * <p>Each is taken from the source as it is there (a merged-/usr root's {@code /bin} stays a link
 * to {@code usr/bin}); one the source lacks is made as an empty directory owned by root with its
 * standard mode.
 */
public final class Skeleton {
    public static final String RULE = "skeleton";

    /** One standard directory and the mode it gets when the source lacks it. */
    record Dir(String path, int mode) {
    }

    static final List<Dir> DIRS = List.of(
            new Dir("/bin", 0755), new Dir("/boot", 0755), new Dir("/dev", 0755), new Dir("/etc", 0755),
            new Dir("/home", 0755), new Dir("/lib", 0755), new Dir("/media", 0755), new Dir("/mnt", 0755),
            new Dir("/opt", 0755), new Dir("/proc", 0555), new Dir("/root", 0700), new Dir("/run", 0755),
            new Dir("/sbin", 0755), new Dir("/srv", 0755), new Dir("/sys", 0555), new Dir("/tmp", 01777),
            new Dir("/usr", 0755), new Dir("/usr/bin", 0755), new Dir("/usr/lib", 0755),
            new Dir("/usr/local", 0755), new Dir("/usr/sbin", 0755), new Dir("/usr/share", 0755),
            new Dir("/var", 0755), new Dir("/var/cache", 0755), new Dir("/var/lib", 0755),
            new Dir("/var/local", 0755), new Dir("/var/log", 0755), new Dir("/var/opt", 0755),
            new Dir("/var/spool", 0755), new Dir("/var/tmp", 01777));

    private static final Reason REASON = new Reason(RULE, 0, null, "standard directory");

    private Skeleton() {
    }

    /**
     * The skeleton as build items for what {@code listed} lacks: the source's own file where it
     * has one (a directory or a symlink), else a made directory.
     */
    static List<PlanItem> items(Map<String, PlanItem> listed, SourceTree source) {
        List<PlanItem> out = new ArrayList<>();
        for (Dir d : DIRS) {
            SourceFile f = listed.containsKey(d.path()) ? null : file(d, source);
            if (f != null) {
                out.add(new PlanItem(f, null, true));
            }
        }
        return out;
    }

    /** {@code manifest} with an entry, rule {@value #RULE}, for each skeleton directory it lacks. */
    public static Manifest addTo(Manifest manifest, SourceTree source) {
        Map<String, ManifestEntry> byPath = new TreeMap<>();
        manifest.entries().forEach(e -> byPath.put(e.path(), e));
        for (Dir d : DIRS) {
            SourceFile f = byPath.containsKey(d.path()) ? null : file(d, source);
            if (f != null) {
                byPath.put(d.path(), new ManifestEntry(f.path(), f.type(), f.mode(), f.uid(), f.gid(), f.size(),
                        f.mtime(), f.target(), null, List.of(REASON)));
            }
        }
        return manifest.withEntries(manifest.strategy(), List.copyOf(byPath.values()));
    }

    /** True for a path of the skeleton. */
    public static boolean contains(String path) {
        for (Dir d : DIRS) {
            if (d.path().equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** The source's directory or link; a made directory when the source lacks the name; null when it has something else there. */
    private static SourceFile file(Dir d, SourceTree source) {
        try {
            SourceFile f = source.stat(d.path());
            return f.type() == FileType.DIRECTORY || f.type() == FileType.SYMLINK ? f : null;
        } catch (java.nio.file.NoSuchFileException e) {
            return new SourceFile(d.path(), FileType.DIRECTORY, d.mode(), 0, 0, 4096, 0, null, 0, "",
                    new java.util.TreeMap<>());
        } catch (IOException e) {
            return null; // below a file or a link of the source: nothing to stand on
        }
    }
}
