package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/commands.md is the usage of every command as picocli prints it, so the reference cannot drift from the
 * code: this test renders it and compares. {@code -Ddepset.docs.regenerate=true} writes it instead.
 */
@Tag("unit")
class CommandReferenceTest {
    static final String REGENERATE = "mvn -B -q -o -pl cli -am -Dtest=CommandReferenceTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Ddepset.docs.regenerate=true verify";

    @Test
    void docsCommandsMdIsTheUsageOfEveryCommand() throws IOException {
        Path file = repositoryRoot().resolve("docs/commands.md");
        String rendered = render(Main.commandLine());
        if (Boolean.getBoolean("depset.docs.regenerate")) {
            Files.writeString(file, rendered, StandardCharsets.UTF_8);
        }
        String committed = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        if (!committed.equals(rendered)) {
            // Kept for a diff against the committed page.
            Files.writeString(Path.of("target", "commands.md"), rendered, StandardCharsets.UTF_8);
        }
        assertThat(committed)
                .as("docs/commands.md differs from the commands' usage; regenerate it with%n  %s%n"
                        + "and commit the result", REGENERATE)
                .isEqualTo(rendered);
    }

    /** The reference as Markdown: the top command, then each subcommand in the order `depset --help` lists them. */
    static String render(CommandLine top) {
        StringBuilder md = new StringBuilder();
        md.append("# Command reference\n\n")
                .append("<!-- Generated from the picocli definitions by CommandReferenceTest; do not edit. -->\n")
                .append("Generated from the commands' own definitions (`depset COMMAND --help` prints the same);"
                        + " do not edit by hand. A unit test (`CommandReferenceTest`) fails when this page and the"
                        + " code differ; regenerate it with\n\n")
                .append("```sh\n").append(REGENERATE).append("\n```\n\n")
                .append("Exit codes are listed in [exit codes](exit-codes.md).\n\n");
        section(md, top);
        for (Map.Entry<String, CommandLine> sub : top.getSubcommands().entrySet()) {
            if (!sub.getKey().equals("help")) {
                section(md, sub.getValue());
            }
        }
        return md.toString();
    }

    private static void section(StringBuilder md, CommandLine cmd) {
        md.append("## `").append(cmd.getCommandSpec().qualifiedName()).append("`\n\n```\n")
                .append(cmd.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing()).append("\n```\n\n");
    }

    /** The repository's root: the parent of this module's directory (surefire's basedir). */
    private static Path repositoryRoot() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent();
    }

    /**
     * picocli starts a new line for each element of an option's description and wraps only within
     * one, so a sentence split across elements (for the source's line length) printed as ragged
     * lines in the narrow description column.
     */
    @Test
    void everyOptionDescriptionIsOneParagraphThatPicocliWraps() {
        CommandLine top = Main.commandLine();
        java.util.List<CommandLine> commands = new java.util.ArrayList<>(top.getSubcommands().values());
        commands.add(top);
        java.util.List<String> split = new java.util.ArrayList<>();
        for (CommandLine cmd : commands) {
            CommandLine.Model.CommandSpec spec = cmd.getCommandSpec();
            java.util.List<CommandLine.Model.ArgSpec> args = new java.util.ArrayList<>(spec.options());
            args.addAll(spec.positionalParameters());
            for (CommandLine.Model.ArgSpec a : args) {
                if (a.description().length > 1) {
                    split.add(spec.qualifiedName() + " " + (a.isOption()
                            ? ((CommandLine.Model.OptionSpec) a).longestName() : a.paramLabel()));
                }
            }
        }
        assertThat(split).as("options whose description is split into lines by hand").isEmpty();
    }

    /**
     * A command's description is paragraphs, one per element, and {@code depset --help} lists each
     * command with its first: an element that ends mid-sentence printed there as a cut-off line.
     */
    @Test
    void everyCommandDescriptionIsWholeSentences() {
        java.util.List<String> cut = new java.util.ArrayList<>();
        for (CommandLine cmd : Main.commandLine().getSubcommands().values()) {
            if (cmd.getCommandName().equals("help")) {
                continue; // picocli's own
            }
            for (String paragraph : cmd.getCommandSpec().usageMessage().description()) {
                if (!paragraph.strip().matches("(?s).*[.:)]")) {
                    cut.add(cmd.getCommandSpec().qualifiedName() + ": " + paragraph);
                }
            }
        }
        assertThat(cut).as("command descriptions with an element that ends mid-sentence").isEmpty();
    }

    @Test
    void renderingListsEverySubcommandButHelp() {
        String md = render(Main.commandLine());
        for (String name : Main.commandLine().getSubcommands().keySet()) {
            if (name.equals("help")) {
                assertThat(md).doesNotContain("## `depset help`");
            } else {
                assertThat(md).contains("## `depset " + name + "`");
            }
        }
    }
}
