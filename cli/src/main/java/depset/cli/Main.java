package depset.cli;

import depset.fs.NativeBindings;
import depset.output.OutputException;
import depset.trace.BadInputException;
import depset.trace.FileNames;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code depset} command: subcommands, exit codes, and one-line errors. */
@Command(name = "depset", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Computes the deployment set of a service: the files it needs, and why each one.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. They are added to the command line when it
     * is built rather than named in the annotation, so that a command line naming one builds only
     * that one: picocli reflects over every option of every subcommand it is given, which was
     * 0.28 s of {@code depset run}'s start-up (the JVM's class-load log).
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            CommandLine.HelpCommand.class,
            RunCommand.class,
            MountCommand.class,
            AnalyzeCommand.class,
            BuildCommand.class,
            VerifyCommand.class,
            WhyCommand.class,
            QueryCommand.class,
            DiffCommand.class,
            MergeCommand.class,
            LicensesCommand.class,
            SecretsCommand.class,
            ReportCommand.class,
            ShowCommand.class,
            GuestCommand.class,
            DemoCommand.class,
            EvalCommand.class);

    /** The subcommands that mount a TraceFs: their jnr bindings are worth preparing at once. */
    private static final Set<String> MOUNTING = Set.of("run", "mount", "eval", "verify", "build", "demo");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        String[] raw = RawArguments.of(args);
        if (raw.length > 0 && MOUNTING.contains(raw[0])) {
            NativeBindings.prepareInBackground();
        }
        System.exit(execute(raw));
    }

    /** Runs depset with {@code args} and returns the exit code; never throws. */
    public static int execute(String... args) {
        return execute(new FileOutputStream(FileDescriptor.out),
                new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true), args);
    }

    /**
     * Runs depset with its standard output on {@code stdout}: a failure to write it (a full disk,
     * {@code /dev/full}) is an error, not a truncated success. A closed pipe is not: its reader has
     * all it wanted, and depset ends quietly as a program killed by SIGPIPE does.
     */
    static int execute(OutputStream stdout, PrintWriter err, String... args) {
        StdoutCheck checked = new StdoutCheck(stdout);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(checked, Charset.defaultCharset()), true);
        CommandLine cmd = commandLine(args.length > 0 ? args[0] : null);
        cmd.setOut(out);
        cmd.setErr(err);
        int code = cmd.execute(args);
        out.flush();
        if (checked.failure() != null && isClosedPipe(checked.failure())) {
            return ExitCode.CLOSED_PIPE;
        }
        if (checked.failure() != null) {
            err.println("depset: " + new OutputException("standard output", checked.failure()).getMessage());
            err.flush();
            return ExitCode.ENVIRONMENT;
        }
        return code;
    }

    /** EPIPE, which the JVM, ignoring SIGPIPE, reports by its strerror text alone. */
    private static boolean isClosedPipe(IOException e) {
        return "Broken pipe".equals(e.getMessage());
    }

    /** Remembers the first failure to write standard output, which PrintWriter would swallow. */
    private static final class StdoutCheck extends FilterOutputStream {
        private IOException failure;

        StdoutCheck(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (failure != null) {
                throw failure;
            }
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }

        IOException failure() {
            return failure;
        }
    }

    /** The whole command line, every subcommand in it. */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line for arguments whose first word is {@code first}: only that subcommand when
     * it names one (help, usage errors and the version are then the same as with all of them),
     * else every subcommand, so that {@code depset --help} lists them all and a misspelt name gets
     * picocli's suggestions.
     */
    static CommandLine commandLine(String first) {
        CommandLine cmd = new CommandLine(new Main());
        List<Class<?>> chosen = SUBCOMMANDS.stream().filter(c -> names(c).contains(first)).toList();
        for (Class<?> c : chosen.isEmpty() || "help".equals(first) ? SUBCOMMANDS : chosen) {
            cmd.addSubcommand(c);
        }
        CommandLine run = cmd.getSubcommands().get("run");
        if (run != null) {
            // "depset run --root / ls -l": everything from the command on is the command's.
            run.setStopAtPositional(true);
        }
        cmd.setExecutionExceptionHandler(Main::handle);
        cmd.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("depset: " + FileNames.printableLine(ex.getMessage()));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE;
        });
        return cmd;
    }

    private static List<String> names(Class<?> c) {
        Command command = c.getAnnotation(Command.class);
        List<String> names = new ArrayList<>(List.of(command.aliases()));
        names.add(command.name());
        return names;
    }

    /** Maps every failure to one line on stderr and an exit code, in one place. */
    private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        int code;
        String msg;
        if (t instanceof OutputException o) {
            code = ExitCode.ENVIRONMENT;
            msg = o.getMessage();
        } else if (t instanceof DepsetException d) {
            code = d.exitCode();
            msg = d.getMessage();
        } else if (t instanceof NoSuchFileException n) {
            code = ExitCode.BAD_INPUT;
            msg = n.getFile() + ": " + (n.getReason() == null ? "no such file" : n.getReason());
        } else if (t instanceof AccessDeniedException a) {
            code = ExitCode.BAD_INPUT;
            msg = a.getFile() + ": permission denied";
        } else if (t instanceof IOException io) {
            code = ExitCode.BAD_INPUT;
            msg = io.getMessage();
        } else if (t instanceof BadInputException b) {
            code = b.exitCode();
            msg = b.getMessage();
        } else {
            code = ExitCode.INTERNAL;
            msg = "internal error: " + t + " (please report it; DEPSET_DEBUG=1 shows the stack trace)";
        }
        err.println("depset: " + FileNames.printableLine(msg));
        if (System.getenv("DEPSET_DEBUG") != null) {
            t.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** The version, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"depset " + version()};
        }
    }

    /** depset's version as the build wrote it. */
    public static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/depset-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
