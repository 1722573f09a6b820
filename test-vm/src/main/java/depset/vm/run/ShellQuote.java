package depset.vm.run;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting, for the one command line {@code script -c} takes and the peers' scripts. */
public final class ShellQuote {
    private ShellQuote() {
    }

    public static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./=:@%+-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    static String join(List<String> argv) {
        return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
