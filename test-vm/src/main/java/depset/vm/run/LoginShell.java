package depset.vm.run;

import depset.trace.Phase;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A login shell on a {@link PseudoTerminal} (the guest's own {@code login -f USER}, run as a work
 * step of the session), into which commands are typed one line at a time, as the seed's operator did.
 *
 * <p>The terminal echoes what is typed, so a command's output is framed by markers the shell prints:
 * the line {@code printf '\137\137depset-begin-N\n'; CMD} then {@code printf '\137\137depset-end-N %d\n' $?}.
 * The typed lines hold octal escapes, the output underscores, so the echo never matches; {@code $?} on
 * the second line is the command's exit status (a command ending in a comment or {@code &} still works);
 * printf is a shell builtin, so the markers add no process to the trace.
 */
final class LoginShell implements AutoCloseable {
    /** What one typed command did. {@code status} is -1 when it timed out or the shell ended. */
    record Typed(int status, String output, boolean timedOut, boolean shellEnded) {
    }

    private final PseudoTerminal terminal;
    private final OutputBuffer screen;
    private final OutputStream keyboard;
    private final ExecutorService waiter;
    private final Future<Integer> login;
    private int counter;
    private boolean closed;

    private LoginShell(PseudoTerminal terminal, ExecutorService waiter, Future<Integer> login) {
        this.terminal = terminal;
        this.screen = new OutputBuffer(terminal.screen(), "login-screen");
        this.keyboard = terminal.keyboard();
        this.waiter = waiter;
        this.login = login;
    }

    /** Starts {@code login -f user} in {@code session} on a new terminal (it runs until logout). */
    static LoginShell start(GuestSession session, String step, String user) throws IOException {
        PseudoTerminal terminal = PseudoTerminal.open();
        ExecutorService waiter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "login-step");
            t.setDaemon(true);
            return t;
        });
        Redirect tty = Redirect.from(terminal.slave().toFile());
        Redirect ttyOut = Redirect.appendTo(terminal.slave().toFile());
        Future<Integer> login = waiter.submit(() -> session.run(Phase.WORK, step,
                List.of("/bin/login", "-f", user), tty, ttyOut, null));
        return new LoginShell(terminal, waiter, login);
    }

    /**
     * Waits until the shell answers, proving the login worked. Its answer sets {@value #PAGER}: a typed
     * {@code git log} or {@code systemctl status} must not wait in a pager for a key no one presses
     * ({@code export} is a builtin: no process is added to the trace; git and systemctl take the pager
     * "cat" for none at all).
     */
    Typed awaitReady(Duration timeout) throws IOException, InterruptedException {
        // Typed again until the shell answers: a login may flush what was typed ahead of its shell
        // (util-linux's login, Debian 13's, sets the terminal up with TCSAFLUSH). export is harmless twice.
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Typed t = type("export " + PAGER, Duration.ofNanos(Math.max(1, Math.min(left, RETYPE.toNanos()))));
            if (!t.timedOut() || System.nanoTime() >= deadline) {
                return t;
            }
        }
    }

    /** How long a login's shell is given to answer before the ready line is typed again. */
    private static final Duration RETYPE = Duration.ofSeconds(3);

    /** The pager of typed lines: one that does not wait. */
    static final String PAGER = "PAGER=cat";

    /** Types {@code command} and waits for its end marker. */
    Typed type(String command, Duration timeout) throws IOException, InterruptedException {
        int n = ++counter;
        String line = "printf '\\137\\137depset-begin-" + n + "\\n'; " + command
                + "\nprintf '\\137\\137depset-end-" + n + " %d\\n' $?\n";
        Pattern done = Pattern.compile("__depset-begin-" + n + "\n(.*?)__depset-end-" + n + " (\\d+)\n", Pattern.DOTALL);
        int start = screen.text().length();
        try {
            keyboard.write(line.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        } catch (IOException e) {
            return new Typed(-1, transcript(), false, true);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String raw = screen.text();
            String seen = TerminalText.plain(raw.substring(Math.min(start, raw.length())));
            Matcher m = done.matcher(seen);
            if (m.find()) {
                return new Typed(Integer.parseInt(m.group(2)), stripEcho(m.group(1)), false, false);
            }
            if (login.isDone() || screen.ended()) {
                return new Typed(-1, seen, false, true);
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return new Typed(-1, seen, true, false);
            }
            screen.awaitMore(raw.length(), Math.min(left, 200));
        }
    }

    /** The output between the markers, less the echo of the end marker's typed line. */
    private static String stripEcho(String between) {
        StringBuilder out = new StringBuilder();
        for (String l : between.split("\n", -1)) {
            if (!l.contains("printf '\\137\\137depset-end-")) {
                out.append(l).append('\n');
            }
        }
        return out.toString().strip();
    }

    /** Everything the terminal showed so far, without control sequences. */
    String transcript() {
        return TerminalText.plain(screen.text());
    }

    /** Types {@code exit} and waits for login to end; returns its status, or -1 if it had to be ended. */
    int logout(Duration timeout) throws InterruptedException {
        if (!login.isDone()) {
            try {
                keyboard.write("exit\n".getBytes(StandardCharsets.UTF_8));
                keyboard.flush();
            } catch (IOException e) {
                // the terminal is already gone
            }
        }
        try {
            return login.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return -1;
        } finally {
            close(); // the relay holds the terminal's master: it goes with the login
        }
    }

    /** Hangs the terminal up (the shell and its foreground job get SIGHUP) and waits for login's step. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        terminal.close();
        try {
            login.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            login.cancel(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiter.shutdownNow();
    }
}
