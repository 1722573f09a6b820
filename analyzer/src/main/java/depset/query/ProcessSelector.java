package depset.query;

import depset.graph.DependencyGraph;
import depset.graph.ProcessNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Chooses processes the way a user names them: by pid ({@code 1234} or {@code pid:1234}), by
 * executable path ({@code /usr/sbin/apache2} or {@code exe:…}), by command name
 * ({@code apache2} or {@code name:…}), or by a glob of the command line ({@code 'php*'},
 * {@code cmd:'*-k start*'}; a glob without a prefix also matches the name and the executable).
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

    /** True when the process is one this selector names. */
    public boolean matches(ProcessNode p) {
        switch (by) {
            case PID:
                return p.pid() == pid;
            case EXE:
                if (p.exe().equals(value)) {
                    return true;
                }
                for (ProcessNode.Exec e : p.execs()) {
                    if (e.exe().equals(value)) {
                        return true;
                    }
                }
                return false;
            case NAME:
                return p.name().equals(value);
            default:
                return glob.matcher(p.commandLine()).matches()
                        || (!text.startsWith("cmd:") && (glob.matcher(p.name()).matches()
                        || glob.matcher(p.exe()).matches()));
        }
    }

    /** The processes of {@code graph} this selector names, in trace order. */
    public List<ProcessNode> select(DependencyGraph graph) {
        List<ProcessNode> out = new ArrayList<>();
        for (ProcessNode p : graph.processes()) {
            if (matches(p)) {
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

    /** The distinct command names of the trace's processes, sorted, for messages. */
    public static String processNames(DependencyGraph graph) {
        TreeSet<String> names = new TreeSet<>();
        for (ProcessNode p : graph.processes()) {
            String n = p.name();
            names.add(n.isEmpty() ? "pid " + p.pid() : n);
        }
        return names.isEmpty() ? "no processes" : String.join(", ", names);
    }

    @Override
    public String toString() {
        return text;
    }
}
