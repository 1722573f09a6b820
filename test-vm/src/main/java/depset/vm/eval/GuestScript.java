package depset.vm.eval;

import depset.vm.run.ShellQuote;
import depset.vm.sequence.Check;
import depset.vm.sequence.Sequence;
import depset.vm.sequence.Step;
import depset.vm.sequence.StepKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequence's guest-side steps as one shell script, the way a user writes them for a peer's tool
 * that follows one command (ReproZip, strace), and how the script's output is judged. Such a tool has
 * no pseudo-terminal and no visitor: the boot, typed, run and halt lines go in, the waits become polling
 * loops, the client steps are left out, and "functional" means the script ended with status 0
 * and printed what the guest-side checks expect.
 */
final class GuestScript {
    private GuestScript() {
    }

    /** The shell the guest's login uses: bash where the guest has it, else /bin/sh. */
    static String shell(Path guest) {
        return Files.isExecutable(guest.resolve("bin/bash")) ? "/bin/bash" : "/bin/sh";
    }

    /**
     * The guest-side steps as one script: every line in the one shell (so {@code cd} and
     * {@code export} carry over, as in a login shell), each step's failure noted and the rest run
     * anyway (so the halt steps stop the services), saying on stderr which one failed; the script ends
     * with the first failing step's status. A step that expects a status ({@code expect-status N})
     * worked when it ended with N, as depset counts it. The script starts in {@code /}, where depset
     * runs the boot, run, start and halt steps (a daemon may serve its working directory:
     * {@code openssl s_server -WWW}); no shipped typed line depends on the login shell's home.
     */
    static String of(Sequence sequence) {
        List<String> lines = new ArrayList<>();
        lines.add("cd /");
        lines.add("depset_status=0");
        for (Step s : sequence.steps()) {
            String line = switch (s.kind()) {
                case BOOT, TYPE, RUN, HALT -> s.argument();
                // A daemon in the background, stopped with SIGTERM; its end is waited for, and an end by
                // that SIGTERM (status 143) is the stop succeeding, as depset's own 'stop' counts it.
                case START -> "exec " + s.argument() + " &\ndepset_" + s.line() + "=$!";
                // The waits depset does from outside become polling loops, as a user writes them: bash's
                // /dev/tcp for a port (the guest's login shell is bash), a test for a file.
                case WAIT_PORT -> {
                    String[] to = sequence.portTarget(s);
                    yield poll(sequence, s, "(exec 3<>/dev/tcp/" + to[0] + "/" + to[1] + ") 2>/dev/null");
                }
                case WAIT_FILE -> poll(sequence, s, "[ -e " + ShellQuote.quote(s.argument()) + " ]");
                case STOP -> {
                    String var = "$depset_" + startLine(sequence, s);
                    yield "kill " + var + " 2>/dev/null; wait " + var + "; depset_w=$?; [ $depset_w -ne 143 ] || depset_w=0; "
                            + "(exit $depset_w)";
                }
                default -> null;
            };
            if (line != null) {
                int expected = s.expectedStatus();
                String judged = expected == 0 ? ""
                        : "if [ $depset_s -eq " + expected + " ]; then depset_s=0; elif [ $depset_s -eq 0 ]; then depset_s=1; fi; ";
                lines.add("{ " + line + "\n}; depset_s=$?; " + judged + "if [ $depset_s -ne 0 ]; then echo \"" + FAILED + s.line()
                        + " ended with status $depset_s\" >&2; [ $depset_status -ne 0 ] || depset_status=$depset_s; fi");
            }
        }
        lines.add("exit $depset_status");
        return String.join("\n", lines) + "\n";
    }

    /** What the script prints (on stderr) when a step fails, before the step's line number. */
    static final String FAILED = "depset-script: the step at line ";

    /** The first step the script's output says failed ("the step at line N ended with status S"). */
    static java.util.Optional<String> failedStep(String output) {
        int at = output.indexOf(FAILED);
        if (at < 0) {
            return java.util.Optional.empty();
        }
        int end = output.indexOf('\n', at);
        return java.util.Optional.of(output.substring(at + "depset-script: ".length(), end < 0 ? output.length() : end)
                .strip());
    }

    /** Tests {@code test} every 0.1 s until it holds or the step's timeout has passed; its status is the test's. */
    private static String poll(Sequence sequence, Step s, String test) {
        long seconds = Math.max(1, sequence.timeoutOf(s).toSeconds());
        return "depset_t=$((SECONDS + " + seconds + ")); until " + test + "; do [ $SECONDS -lt $depset_t ] || break; "
                + "sleep 0.1; done; " + test;
    }

    /** The line of the start step whose daemon {@code stop} stops (the last one before it). */
    private static int startLine(Sequence sequence, Step stop) {
        int line = stop.line();
        for (Step s : sequence.steps()) {
            if (s == stop) {
                break;
            }
            if (s.kind() == StepKind.START && s.daemon().equals(stop.daemon())) {
                line = s.line();
            }
        }
        return line;
    }

    /**
     * Why the script's output (all the guest-side steps' together) does not show what those steps'
     * checks want, or null when it does; checks that something is absent say nothing of a whole script.
     */
    static String unmetCheck(Sequence sequence, String output) {
        for (Step s : sequence.steps()) {
            if (s.kind().insideGuest()) {
                for (Check c : s.checks()) {
                    String unmet = c instanceof Check.OutputLacks || c instanceof Check.NoOutput ? null
                            : c.unmetBy(output);
                    if (unmet != null) {
                        return unmet;
                    }
                }
            }
        }
        return null;
    }
}
