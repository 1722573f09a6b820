package depset.query;

import depset.graph.DependencyGraph;
import depset.graph.ProcessNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Chooses processes the way a user names them: by pid ({@code 1234} or {@code pid:1234}), by
 * executable path ({@code /usr/sbin/apache2} or {@code exe:…}), by command name
 * ({@code apache2} or {@code name:…}), or by a glob of the command line ({@code 'php*'},
 * {@code cmd:'*-k start*'}; a glob without a prefix also matches the names and paths).
 *
 * <p>A process answers to every name a user may know it by, since its executable is often a
 * symlink ({@code redis-server → redis-check-rdb}, {@code python3 → python3.11}) and the trace
 * holds the resolved file: its {@code comm} (the kernel takes it from the name exec'd, cut to 15
 * characters), its argv[0] (the basename or the path), the path it was exec'd by (the links it
 * walked to its executable, see {@link SymlinkWalks}), and the resolved executable. A path
 * ({@code exe:PATH}) is compared before and after resolution.
 */
public final class ProcessSelector {
    private enum By { PID, EXE, NAME, GLOB }

    private final String text;
    private final By by;
    private final int pid;
    private final String value;
    private final Pattern glob;

    private ProcessSelector(String text, By by, int pid, String value, Pattern glob) {
        this.text = text;
        this.by = by;
        this.pid = pid;
        this.value = value;
        this.glob = glob;
    }

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException for an empty selector or a bad pid
     */
    public static ProcessSelector parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty process selector");
        }
        if (text.startsWith("pid:")) {
            return pid(text, text.substring(4));
        }
        if (text.startsWith("exe:")) {
            return new ProcessSelector(text, By.EXE, 0, text.substring(4), null);
        }
        if (text.startsWith("name:")) {
            return new ProcessSelector(text, By.NAME, 0, text.substring(5), null);
        }
        if (text.startsWith("cmd:")) {
            return new ProcessSelector(text, By.GLOB, 0, text.substring(4), globPattern(text.substring(4)));
        }
        if (text.chars().allMatch(Character::isDigit)) {
            return pid(text, text);
        }
        if (text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0) {
            return new ProcessSelector(text, By.GLOB, 0, text, globPattern(text));
        }
        if (text.startsWith("/")) {
            return new ProcessSelector(text, By.EXE, 0, text, null);
        }
        return new ProcessSelector(text, By.NAME, 0, text, null);
    }

    private static ProcessSelector pid(String text, String digits) {
        try {
            return new ProcessSelector(text, By.PID, Integer.parseInt(digits), digits, null);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a pid: " + digits);
        }
    }

    /** A shell glob as a regular expression over a whole string: {@code *} any run, {@code ?} one character, {@code [..]} a class. */
    static Pattern globPattern(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 2);
                if (end < 0) {
                    re.append("\\[");
                } else {
                    String cls = glob.substring(i + 1, end);
                    re.append('[').append(cls.startsWith("!") ? "^" + Pattern.quote(cls.substring(1))
                            : Pattern.quote(cls)).append(']');
                    i = end;
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** The comm the kernel keeps for a name exec'd: at most 15 characters (TASK_COMM_LEN with its NUL). */
    private static final int COMM_LENGTH = 15;

    /**
     * What a user may call a process.
     *
     * @param names command names: comm, argv[0]'s basename, the basenames of the paths exec'd
     *              and of the executable
     * @param paths argv[0] as given, the paths it was exec'd by, its executables (resolved)
     */
    public record Names(Set<String> names, Set<String> paths) {
    }

    /** Every name and path a user may call {@code p} by, in {@code graph}. */
    public static Names namesOf(DependencyGraph graph, ProcessNode p) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> paths = new LinkedHashSet<>();
        List<String> execd = new ArrayList<>(new SymlinkWalks(graph).execPaths(p));
        for (ProcessNode.Exec x : p.execs()) {
            execd.add(x.exe());
        }
        if (p.execs().isEmpty() && !p.exe().isEmpty()) {
            execd.add(p.exe());
        }
        for (String path : execd) {
            paths.add(path);
            String base = basename(path);
            names.add(base);
            names.add(base.length() > COMM_LENGTH ? base.substring(0, COMM_LENGTH) : base);
        }
        if (!p.argv().isEmpty() && !p.argv().get(0).isEmpty()) {
            String arg0 = p.argv().get(0);
            names.add(basename(arg0));
            if (arg0.contains("/")) {
                paths.add(arg0);
            }
        }
        names.remove("");
        return new Names(names, paths);
    }

    private static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** True when the process is one this selector names (links it walked are not known: see {@link #select}). */
    public boolean matches(ProcessNode p) {
        return matches(p, null);
    }

    private boolean matches(ProcessNode p, DependencyGraph graph) {
        if (by == By.PID) {
            return p.pid() == pid;
        }
        Names n = graph != null ? namesOf(graph, p) : new Names(Set.of(p.name()), Set.of(p.exe()));
        switch (by) {
            case EXE:
                if (n.paths().contains(value)) {
                    return true;
                }
                String resolved = resolved(graph, value);
                for (ProcessNode.Exec e : p.execs()) {
                    if (e.exe().equals(value) || e.exe().equals(resolved)) {
                        return true;
                    }
                }
                return p.exe().equals(resolved);
            case NAME:
                return n.names().contains(value);
            default:
                if (glob.matcher(p.commandLine()).matches()) {
                    return true;
                }
                if (text.startsWith("cmd:")) {
                    return false;
                }
                for (String s : n.names()) {
                    if (glob.matcher(s).matches()) {
                        return true;
                    }
                }
                for (String s : n.paths()) {
                    if (glob.matcher(s).matches()) {
                        return true;
                    }
                }
                return false;
        }
    }

    /** A path resolved through the links the trace saw ({@code /usr/bin/python3} → {@code /usr/bin/python3.11}). */
    private static String resolved(DependencyGraph graph, String path) {
        if (graph == null) {
            return path;
        }
        depset.graph.FileNode f = graph.fileAt(path);
        if (f == null || f.type() != depset.trace.FileType.SYMLINK) {
            return path;
        }
        depset.graph.FileNode end = new SymlinkWalks(graph).end(path, f);
        return end == null ? path : end.path();
    }

    /** The processes of {@code graph} this selector names, in trace order. */
    public List<ProcessNode> select(DependencyGraph graph) {
        List<ProcessNode> out = new ArrayList<>();
        for (ProcessNode p : graph.processes()) {
            if (matches(p, graph)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The processes named by any of {@code selectors}.
     *
     * @throws NoSuchProcessException when one selector names no process; the message lists the
     *                                process names the trace holds
     */
    public static List<ProcessNode> selectAll(DependencyGraph graph, List<ProcessSelector> selectors) {
        List<ProcessNode> out = new ArrayList<>();
        for (ProcessSelector s : selectors) {
            List<ProcessNode> hit = s.select(graph);
            if (hit.isEmpty()) {
                throw new NoSuchProcessException("no process matches \"" + s + "\"; the trace has: "
                        + processNames(graph));
            }
            for (ProcessNode p : hit) {
                if (!out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The distinct names a user would type for the trace's processes (see {@link #namesOf}), sorted, for messages. */
    public static String processNames(DependencyGraph graph) {
        TreeSet<String> names = new TreeSet<>();
        for (ProcessNode p : graph.processes()) {
            Set<String> n = namesOf(graph, p).names();
            if (n.isEmpty()) {
                names.add("pid " + p.pid());
            }
            names.addAll(n);
        }
        return names.isEmpty() ? "no processes" : String.join(", ", names);
    }

    @Override
    public String toString() {
        return text;
    }
}
