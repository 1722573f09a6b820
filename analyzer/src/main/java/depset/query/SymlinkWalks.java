package depset.query;

import depset.graph.AccessEdge;
import depset.graph.DependencyGraph;
import depset.graph.FileNode;
import depset.graph.GraphBuilder;
import depset.graph.ProcessNode;
import depset.trace.FileType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The symlinks a process resolved on its way to a file it reached. The kernel resolves a link
 * in a path (an execve, the loader's open of {@code libpam.so.0}, a {@code stat}) by looking the
 * link up and reading it, then looking up what it points to: the trace shows the link touched by
 * the process (as a stat, a readlink or a lookup, whatever the call) and the file at the end of
 * the chain touched by the same process. A link the process only looked at ({@code lstat}, a
 * listing) reaches nothing and is no walk.
 */
public final class SymlinkWalks {
    /** How many links in a row are followed, as the kernel's own limit. */
    private static final int MAX_LINKS = 40;

    /**
     * One link walked.
     *
     * @param process the process that resolved it
     * @param link    the symlink
     * @param path    the link's path
     * @param end     the file at the end of its chain (a directory for a link to one)
     */
    public record Walk(ProcessNode process, FileNode link, String path, FileNode end) {
    }

    private final DependencyGraph graph;

    public SymlinkWalks(DependencyGraph graph) {
        this.graph = graph;
    }

    /** The links {@code p} walked, in the order of its accesses. */
    public List<Walk> of(ProcessNode p) {
        List<Walk> out = new ArrayList<>(0);
        Set<FileNode> touched = null;
        for (AccessEdge a : graph.accessesBy(p)) {
            FileNode link = a.file();
            if (link.type() != FileType.SYMLINK || link.target() == null || link.missing()) {
                continue;
            }
            for (String path : link.sourcePaths()) {
                FileNode end = end(path, link);
                if (end == null) {
                    continue;
                }
                if (touched == null) {
                    touched = new HashSet<>();
                    for (AccessEdge e : graph.accessesBy(p)) {
                        touched.add(e.file());
                    }
                }
                if (touched.contains(end)) {
                    out.add(new Walk(p, link, path, end));
                }
            }
        }
        return out;
    }

    /** Every path {@code p} reached its executables by: the links it walked to one of them. */
    public List<String> execPaths(ProcessNode p) {
        List<String> out = new ArrayList<>();
        for (Walk w : of(p)) {
            for (ProcessNode.Exec x : p.execs()) {
                if (w.end().paths().contains(x.exe()) && !out.contains(w.path())) {
                    out.add(w.path());
                }
            }
        }
        return out;
    }

    /** The file at the end of the chain of links starting at {@code link} (at {@code path}), or null. */
    public FileNode end(String path, FileNode link) {
        String at = path;
        FileNode f = link;
        for (int i = 0; i < MAX_LINKS && f != null && f.type() == FileType.SYMLINK && f.target() != null; i++) {
            at = resolve(at, f.target());
            f = graph.fileAt(at);
        }
        return f == null || f.type() == FileType.SYMLINK ? null : f;
    }

    /** A link's target resolved against the link's directory, lexically ("..", "."; ".." stops at "/"). */
    public static String resolve(String linkPath, String target) {
        String base = target.startsWith("/") ? "" : GraphBuilder.parentOf(linkPath);
        List<String> parts = new ArrayList<>();
        for (String s : ((base == null ? "" : base) + "/" + target).split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(s);
            }
        }
        return "/" + String.join("/", parts);
    }
}
