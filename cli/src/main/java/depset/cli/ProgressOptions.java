package depset.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --quiet} option of commands that show progress; mix it in with
 * {@code @Mixin ProgressOptions progress;} and call {@link #start}.
 */
public final class ProgressOptions {
    @Option(names = {"-q", "--quiet"}, description = "no progress bar (there is none either when stderr is not a terminal)")
    boolean quiet;

    /** A bar for {@code task} (max -1 when unknown), silent with --quiet or off a terminal. */
    public Progress start(String task, long max) {
        return Progress.start(task, max, !quiet);
    }

    public boolean quiet() {
        return quiet;
    }
}
