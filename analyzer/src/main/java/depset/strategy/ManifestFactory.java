package depset.strategy;

import depset.graph.FileNode;
import depset.graph.ProcessNode;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestProcess;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a strategy's {@link Selection} into a {@link Manifest}: one entry per path, with the source metadata and reasons. */
public final class ManifestFactory {
    private ManifestFactory() {
    }

    /**
     * The manifest of {@code strategy} on {@code analysis}.
     *
     * @param traces the trace files, recorded in the manifest
     */
    public static Manifest create(Analysis analysis, Strategy strategy, List<String> traces) {
        Selection sel = analysis.select(strategy);
        List<ManifestEntry> entries = entries(analysis, sel);
        String root = analysis.graph().header().sourceRoot();
        return Manifest.of(root == null ? "/" : root, strategy.name(), analysis.importantNames(),
                analysis.graph().header().command(), traces, entries)
                .withProcesses(processes(analysis, entries.stream().flatMap(e -> e.reasons().stream()).toList()))
                .withExitStatus(exitStatus(analysis));
    }

    /** One entry per eligible path of each selected file, with the source metadata and the file's reasons. */
    public static List<ManifestEntry> entries(Analysis analysis, Selection sel) {
        List<ManifestEntry> entries = new ArrayList<>(sel.size());
        for (FileNode f : sel.files()) {
            List<String> paths = analysis.eligiblePaths(f);
            String group = paths.size() > 1 ? f.inodeKey() : null;
            List<Reason> reasons = sel.reasons(f);
            for (String path : paths) {
                entries.add(entry(f, path, group, reasons));
            }
        }
        return entries;
    }

    /** The processes {@code reasons} name and the chains that started them: a manifest's process table. */
    public static List<ManifestProcess> processes(Analysis analysis, List<Reason> reasons) {
        Map<Integer, ProcessNode> byPid = new HashMap<>();
        for (ProcessNode p : analysis.graph().processes()) {
            byPid.put(p.pid(), p); // the last process with a pid: the one reasons most likely mean
        }
        Map<Integer, ManifestProcess> table = new TreeMap<>();
        for (Reason r : reasons) {
            for (ProcessNode q = byPid.get(r.pid()); q != null && !table.containsKey(q.pid()); q = q.parent()) {
                table.put(q.pid(), new ManifestProcess(q.pid(), q.ppid(), q.exe(), q.argv(), q.phase()));
            }
        }
        return new ArrayList<>(table.values());
    }

    /** The traced command's status from the footer; null for a cut trace or a mount session (-1). */
    private static Integer exitStatus(Analysis analysis) {
        depset.trace.TraceFooter footer = analysis.graph().info().footer();
        return footer == null || footer.exitStatus() < 0 ? null : footer.exitStatus();
    }

    private static ManifestEntry entry(FileNode f, String path, String group, List<Reason> reasons) {
        FileType type = f.type() != null ? f.type() : FileType.FILE;
        long size = type == FileType.SYMLINK && f.target() != null ? f.target().length() : f.size();
        return new ManifestEntry(path, type, f.mode(), f.uid(), f.gid(), size, f.mtime(),
                type == FileType.SYMLINK ? f.target() : null, group, reasons);
    }
}
