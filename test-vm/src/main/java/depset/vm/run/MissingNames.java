package depset.vm.run;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads, from what a failing step printed, the files and programs it could not find: the messages
 * of the shell, the dynamic loader and coreutils. A heuristic for untraced replays; a traced replay
 * knows the failed lookups exactly.
 */
public final class MissingNames {
    private static final List<Pattern> PATTERNS = List.of(
            // dash: "sh: 1: mktemp: not found"; bash: "bash: foo: command not found"
            Pattern.compile("(?m)^\\S*?:(?: line)? ?\\d*:? ?([^\\s:]+): (?:command )?not found"),
            Pattern.compile("error while loading shared libraries: ([^\\s:]+): cannot open shared object file"),
            Pattern.compile("cannot (?:access|open|stat) '([^']+)': No such file or directory"),
            Pattern.compile("(?m)(/[^\\s:'\"\u2018\u2019]+)['\u2019]?: No such file or directory"),
            Pattern.compile("Could not open (?:input |configuration )?file:? '?(/[^\\s']+)"),
            Pattern.compile("Can't (?:find|open|load)[^/\\n]*'(/[^']+)'"));

    private MissingNames() {
    }

    /** The names, in the order they first appear, at most 20. */
    public static List<String> in(String output) {
        Set<String> names = new LinkedHashSet<>();
        for (Pattern p : PATTERNS) {
            Matcher m = p.matcher(output);
            while (m.find() && names.size() < 20) {
                names.add(m.group(1));
            }
        }
        return List.copyOf(names);
    }
}
