package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depset.fs.WarmUp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** {@code --warm-up[=ROUNDS]} of {@code depset run} and {@code depset mount}, as parsed. */
@Tag("unit")
class WarmUpOptionTest {
    @Test
    void aCommandRunsWithoutWarmUpUnlessAskedFor() {
        assertThat(runRounds("--root", "/", "--", "true")).isZero();
        assertThat(runRounds("--warm-up", "--root", "/", "--", "true")).isEqualTo(WarmUp.LONG_ROUNDS).isPositive();
        assertThat(runRounds("--warm-up=250", "--root", "/", "--", "true")).isEqualTo(250);
        assertThat(runRounds("--root", "/", "--warm-up", "250", "--", "true")).isEqualTo(250);
    }

    /** The command after {@code --}, as the docs write it: a bare --warm-up would otherwise take its first word. */
    @Test
    void aWordThatIsNoNumberAfterABareWarmUpIsAUsageError() {
        CliRun r = CliRun.of("run", "--root", "/", "--warm-up", "true");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("depset: Invalid value for option '--warm-up': 'true' is not an int\n");
        assertThat(runRounds("--root", "/", "--warm-up", "--", "true")).isEqualTo(WarmUp.LONG_ROUNDS);
    }

    @Test
    void aSequenceAndAMountWarmUpUnlessToldNotTo() {
        assertThat(runRounds("--sequence", "lamp")).isEqualTo(WarmUp.LONG_ROUNDS).isPositive();
        assertThat(runRounds("--sequence", "lamp", "--warm-up=0")).isZero();
        assertThat(runRounds("--sequence", "lamp", "--warm-up=3")).isEqualTo(3);
        assertThat(mountRounds()).isEqualTo(WarmUp.LONG_ROUNDS);
        assertThat(mountRounds("--warm-up=0")).isZero();
    }

    @Test
    void negativeRoundsAreAUsageErrorOfOneLine() {
        assertThatThrownBy(() -> runRounds("--warm-up=-1", "--root", "/", "--", "true"))
                .isInstanceOfSatisfying(DepsetException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessage("--warm-up takes a number of rounds, 0 or more: -1");
        CliRun r = CliRun.of("run", "--warm-up=-1", "--root", "/", "--trace", "/nonexistent/t.jsonl", "--", "true");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("depset: --warm-up takes a number of rounds, 0 or more: -1\n");
    }

    /** The rounds {@code depset run ARGS} warms up with. */
    private static int runRounds(String... args) {
        return ((RunCommand) parsed("run", args)).warmUpRounds();
    }

    private static int mountRounds(String... options) {
        List<String> args = new ArrayList<>(List.of("/", "/mnt", "--trace", "t.jsonl"));
        args.addAll(List.of(options));
        return ((MountCommand) parsed("mount", args.toArray(String[]::new))).warmUpRounds();
    }

    /** The subcommand's object, its options set from {@code args} as depset's command line would. */
    private static Object parsed(String subcommand, String... args) {
        List<String> line = new ArrayList<>(List.of(subcommand));
        line.addAll(List.of(args));
        ParseResult r = Main.commandLine().parseArgs(line.toArray(String[]::new));
        return r.subcommand().commandSpec().userObject();
    }
}
