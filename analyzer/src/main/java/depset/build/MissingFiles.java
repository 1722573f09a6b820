package depset.build;

import depset.trace.FileEvent;
import depset.trace.Op;
import depset.trace.ProcessEvent;
import depset.trace.TraceEvent;
import depset.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds, in the trace of a run inside a built tree, the files the set is missing: every request
 * that failed with ENOENT on a path the source root has. A lookup is what the kernel sends for
 * each component of every path a process resolves, so a probe along a search path (the loader's
 * library path, Python's sys.path) is seen even when the program copes with the failure.
 */
public final class MissingFiles {
    private static final int ENOENT = 2;
    /** Requests that only look: a failure of one of these means the name was wanted. */
    private static final Set<Op> LOOKING = EnumSet.of(Op.GETATTR, Op.OPEN, Op.ACCESS, Op.READLINK, Op.OPENDIR,
            Op.READDIR, Op.GETXATTR, Op.LISTXATTR, Op.TRUNCATE, Op.CHMOD, Op.CHOWN, Op.UTIMENS);
    /** Kernel-provided in the sandbox, never part of a set. */
    private static final List<String> KERNEL = List.of("/proc", "/sys", "/dev", "/run");

    private MissingFiles() {
    }

    /** The missing files of the run traced in {@code trace}, sorted by path, first prober of each. */
    public static List<MissingFile> in(Path trace, SourceTree source) throws IOException {
        return in(trace, source, pid -> true);
    }

    /** {@link #in(Path, SourceTree)} for the requests of the processes {@code byPid} accepts only. */
    public static List<MissingFile> in(Path trace, SourceTree source, java.util.function.IntPredicate byPid)
            throws IOException {
        Map<Integer, String> exe = new HashMap<>();
        Map<String, MissingFile> found = new TreeMap<>();
        Map<String, Boolean> exists = new HashMap<>();
        try (TraceReader r = TraceReader.open(trace)) {
            for (TraceEvent e : r) {
                if (e instanceof ProcessEvent.Exec x) {
                    exe.put(x.pid(), x.exe());
                } else if (e instanceof FileEvent f && f.result() == ENOENT && LOOKING.contains(f.op())
                        && byPid.test(f.pid())
                        && !found.containsKey(f.path()) && !kernel(f.path())
                        && EntryPath.unsafe(f.path()) == null
                        && exists.computeIfAbsent(f.path(), p -> inSource(source, p))) {
                    found.put(f.path(), new MissingFile(f.path(), f.pid(), exe.getOrDefault(f.pid(), ""),
                            f.op().wireName()));
                }
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * The names the source has in the directories the run listed inside the tree and the set
     * lacks, first lister of each directory. A program that lists a directory and then opens only
     * what it saw (Python's import system caches each directory's names this way) never looks up
     * the names the tree lacks, so no lookup fails for them: repair falls back on these when the
     * failed lookups give nothing new. Sorted by directory, the directory listed last first (the
     * one a failing program most likely gave up in), then by name.
     */
    public static List<MissingFile> listedIn(Path trace, SourceTree source, java.util.function.Predicate<String> inSet)
            throws IOException {
        return listedIn(trace, source, inSet, pid -> true);
    }

    /** {@link #listedIn(Path, SourceTree, java.util.function.Predicate)} for the listings of the processes {@code byPid} accepts. */
    public static List<MissingFile> listedIn(Path trace, SourceTree source, java.util.function.Predicate<String> inSet,
                                             java.util.function.IntPredicate byPid) throws IOException {
        Map<Integer, String> exe = new HashMap<>();
        Map<String, FileEvent> listed = new TreeMap<>();
        Map<String, Long> lastRead = new HashMap<>();
        try (TraceReader r = TraceReader.open(trace)) {
            for (TraceEvent e : r) {
                if (e instanceof ProcessEvent.Exec x) {
                    exe.put(x.pid(), x.exe());
                } else if (e instanceof FileEvent f && f.op() == Op.READDIR && !f.failed() && !kernel(f.path())
                        && byPid.test(f.pid())
                        && EntryPath.unsafe(f.path()) == null) {
                    listed.putIfAbsent(f.path(), f);
                    lastRead.put(f.path(), f.seq());
                }
            }
        }
        Map<String, MissingFile> found = new java.util.LinkedHashMap<>();
        List<FileEvent> byLastRead = new java.util.ArrayList<>(listed.values());
        byLastRead.sort(java.util.Comparator.comparingLong((FileEvent f) -> lastRead.get(f.path())).reversed());
        for (FileEvent f : byLastRead) {
            if (f.path().equals("/")) {
                continue; // the root's names are every top-level directory: never a useful guess
            }
            Path dir = source.resolve(f.path());
            try {
                source.stat(f.path());
            } catch (IOException ex) {
                continue;
            }
            if (!java.nio.file.Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (java.util.stream.Stream<Path> names = java.nio.file.Files.list(dir).sorted()) {
                for (Path n : (Iterable<Path>) names::iterator) {
                    String path = f.path() + "/" + depset.fsops.ExactPaths.name(n.getFileName());
                    if (!inSet.test(path)) {
                        found.putIfAbsent(path, new MissingFile(path, f.pid(), exe.getOrDefault(f.pid(), ""),
                                "readdir"));
                    }
                }
            } catch (IOException ex) {
                // an unreadable directory gives no names
            }
        }
        return List.copyOf(found.values());
    }

    static boolean kernel(String path) {
        for (String k : KERNEL) {
            if (path.equals(k) || path.startsWith(k + "/")) {
                return true;
            }
        }
        return false;
    }

    private static boolean inSource(SourceTree source, String path) {
        try {
            source.stat(path);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
