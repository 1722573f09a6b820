package depset.vm.run;

import depset.vm.host.HostCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A root login shell on a pseudo-terminal (the guest's own {@code login -f USER}), into which
 * commands are typed one line at a time, as the seed's operator did.
 *
 * <p>The terminal echoes what is typed, so a command's output is framed by two markers the shell
 * prints around it: {@code printf '\137\137depset-begin-N\n'; CMD; printf '\137\137depset-end-N %d\n' $?}.
 * The typed line holds the octal escapes, the output holds the underscores, so the echo never matches;
 * {@code $?} after the command is its exit status. printf is a shell builtin: no process is added.
 */
final class LoginShell implements AutoCloseable {
    /** What one typed command did. {@code status} is -1 when it timed out or the shell ended. */
    record Typed(int status, String output, boolean timedOut, boolean shellEnded) {
    }

    private final Process process;
    private final OutputBuffer output;
    private final OutputStream keyboard;
    private int counter;

    LoginShell(Process process) {
        this.process = process;
        this.output = new OutputBuffer(process.getInputStream(), "login-shell-output");
        this.keyboard = process.getOutputStream();
    }

    /** Waits until the shell answers, proving the login worked. */
    Typed awaitReady(Duration timeout) throws IOException, InterruptedException {
        return type(":", timeout);
    }

    /** Types {@code command} and waits for its end marker. */
    Typed type(String command, Duration timeout) throws IOException, InterruptedException {
        int n = ++counter;
        String line = "printf '\\137\\137depset-begin-" + n + "\\n'; " + command
                + "\nprintf '\\137\\137depset-end-" + n + " %d\\n' $?\n";
        Pattern done = Pattern.compile("__depset-begin-" + n + "\n(.*?)__depset-end-" + n + " (\\d+)\n", Pattern.DOTALL);
        int start = output.text().length();
        keyboard.write(line.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String raw = output.text();
            String seen = TerminalText.plain(raw.substring(Math.min(start, raw.length())));
            Matcher m = done.matcher(seen);
            if (m.find()) {
                return new Typed(Integer.parseInt(m.group(2)), stripEcho(m.group(1)), false, false);
            }
            if (output.ended() || !process.isAlive()) {
                return new Typed(-1, seen, false, true);
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return new Typed(-1, seen, true, false);
            }
            output.awaitMore(raw.length(), Math.min(left, 200));
        }
    }

    /**
     * The output between the markers, less the echo of the end marker's typed line: the command is
     * typed on one line and the end marker on the next, so that a command ending in a comment or
     * {@code &} still works; the shell echoes the second line (after its prompt) when it reads it.
     */
    private static String stripEcho(String between) {
        String[] lines = between.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (String l : lines) {
            if (l.contains("printf '\\137\\137depset-end-")) {
                continue;
            }
            out.append(l).append('\n');
        }
        return out.toString().strip();
    }

    /** Everything the terminal showed so far, without control sequences. */
    String transcript() {
        return TerminalText.plain(output.text());
    }

    /** Types {@code exit} and waits for login to end; returns its status, or -1 if it had to be killed. */
    int logout(Duration timeout) throws IOException, InterruptedException {
        if (process.isAlive()) {
            try {
                keyboard.write("exit\n".getBytes(StandardCharsets.UTF_8));
                keyboard.flush();
            } catch (IOException e) {
                // the shell is already gone
            }
        }
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        close();
        return -1;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            HostCommand.killTree(process.toHandle());
        }
        try {
            keyboard.close();
        } catch (IOException e) {
            // nothing left to tell it
        }
    }
}
