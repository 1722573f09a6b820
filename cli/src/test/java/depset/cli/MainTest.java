package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@Tag("unit")
class MainTest {
    @Test
    void everySubcommandIsRegisteredOnceAndHelpExitsZero() {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        assertThat(cmd.execute("--help")).isZero();
        assertThat(cmd.getSubcommands().keySet()).contains("run", "mount", "analyze", "why", "query", "build",
                "verify", "diff", "merge", "licenses", "report", "show", "eval", "demo");
        assertThat(out.toString()).contains("run", "analyze", "build", "verify");
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        CommandLine cmd = Main.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        assertThat(cmd.execute("--no-such-option")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).startsWith("depset: ").doesNotContain("Exception");
    }

    @Test
    void everySubcommandAnswersHelpWithItsUsage() {
        for (String name : Main.commandLine().getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            CommandLine cmd = Main.commandLine();
            StringWriter out = new StringWriter();
            cmd.setOut(new PrintWriter(out));
            assertThat(cmd.execute(name, "--help")).as(name).isZero();
            assertThat(out.toString()).as(name).startsWith("Usage: depset " + name);
        }
    }

    @Test
    void runPassesTheCommandsOwnHelpOptionOn() {
        CommandLine cmd = Main.commandLine();
        cmd.parseArgs("run", "--root", "/", "ls", "--help");
        RunCommand run = cmd.getSubcommands().get("run").getCommand();
        assertThat(run.command).containsExactly("ls", "--help");
    }
}
