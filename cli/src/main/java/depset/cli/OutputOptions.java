package depset.cli;

import picocli.CommandLine.Option;

/** {@code --force} for the commands that write one named output file ({@code -o}). */
final class OutputOptions {
    @Option(names = "--force", description = "replace a symlink at the output name (the link itself is replaced,"
            + " never followed); without it depset refuses to write there")
    boolean force;
}
