package depset.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for long work (trace reading, build, eval), drawn on stderr only when stderr is a
 * terminal and the user did not ask for {@code --quiet}; otherwise every call does nothing, so callers
 * never test. Data stays on stdout, untouched. Use through {@link ProgressOptions}:
 * <pre>{@code
 * try (Progress p = progressOptions.start("reading trace", -1)) {
 *     DependencyGraph g = DependencyGraph.read(trace, p::stepTo);
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {
    private static final Progress NONE = new Progress(null);
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * A bar for {@code task} up to {@code max} units (-1 when the total is unknown: a counter), or a silent
     * one when {@code enabled} is false or stderr is not a terminal.
     */
    public static Progress start(String task, long max, boolean enabled) {
        if (!enabled || !stderrIsTerminal() || "dumb".equals(System.getenv("TERM"))) {
            return NONE;
        }
        return to(System.err, task, max);
    }

    /** A bar that always draws, on {@code out}; for tests and for callers that decided themselves. */
    static Progress to(PrintStream out, String task, long max) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(out)).build();
        return new Progress(bar);
    }

    /** True when this bar draws anything. */
    public boolean isShown() {
        return bar != null;
    }

    public void stepTo(long n) {
        if (bar != null) {
            bar.stepTo(n);
        }
    }

    public void stepBy(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    /** Changes the total once it is known. */
    public void maxHint(long max) {
        if (bar != null) {
            bar.maxHint(max);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /**
     * Whether file descriptor 2 is a terminal. Java 17 has no isatty, and {@code System.console()} looks at
     * stdin and stdout; on Linux, /proc/self/fd/2 names the device a terminal is.
     */
    public static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
