package depset.cli;

import depset.build.BuildPlan;
import depset.build.MissingFile;
import depset.build.MissingFiles;
import depset.build.RepairLoop;
import depset.build.SourceMismatchException;
import depset.build.SourceTree;
import depset.build.TreeRun;
import depset.build.TreeWriter;
import depset.build.VerifyResult;
import depset.manifest.Manifest;
import depset.sandbox.Sandbox;
import depset.sandbox.SandboxException;
import depset.sandbox.SandboxSession;
import depset.sandbox.SandboxSpec;
import depset.sandbox.StepSpec;
import depset.trace.Phase;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Verifies a set by running the traced command again inside its tree, through TraceFs: builds the
 * tree in a scratch directory, runs the command chrooted in a sandbox over it (an overlay keeps
 * the tree as built), and judges the run by its exit status, its output when asked, and the
 * lookups that failed for files the source has. Must run in depset's private mount namespace.
 */
final class TreeVerifier implements RepairLoop.Verifier {
    private final SourceTree source;
    private final List<String> command;
    private final Path work;
    private final Path keepTree;
    private final boolean allowChanged;
    private final PrintWriter err;
    private int expectedStatus = -1;
    private byte[] referenceOutput;

    TreeVerifier(SourceTree source, List<String> command, Path work, Path keepTree, boolean allowChanged,
                 PrintWriter err) {
        this.source = source;
        this.command = List.copyOf(command);
        this.work = work;
        this.keepTree = keepTree;
        this.allowChanged = allowChanged;
        this.err = err;
    }

    /**
     * Sets what the run must give again: the status from the manifest; when that is unknown or
     * the output is to be compared, from one run of the command in the source root itself.
     */
    void reference(Integer manifestStatus, boolean compareOutput) throws IOException {
        if (manifestStatus != null && !compareOutput) {
            expectedStatus = manifestStatus;
            return;
        }
        err.println("depset: running the command in " + source.root() + " for the reference"
                + (compareOutput ? " output" : " exit status"));
        err.flush();
        Run r = run(source.root(), "reference");
        expectedStatus = manifestStatus != null ? manifestStatus : r.status;
        if (compareOutput) {
            referenceOutput = r.output;
        }
    }

    int expectedStatus() {
        return expectedStatus;
    }

    /** Verifies a set by the rule of a plain verify: the run passes and no lookup failed for a file the source has. */
    VerifyResult verify(Manifest set, int round) throws IOException {
        TreeRun t = run(set, round);
        List<MissingFile> missing = new ArrayList<>(MissingFiles.in(t.trace(), source));
        if (t.commandNotFound() != null && set.entry(t.commandNotFound()) == null) {
            missing.add(new MissingFile(t.commandNotFound(), 0, "depset", "exec"));
        }
        List<MissingFile> unlisted = MissingFiles.listedIn(t.trace(), source, p -> set.entry(p) != null);
        return VerifyResult.judge(expectedStatus, t.status(), t.outputSame(), missing, unlisted, round);
    }

    /** Builds the set's tree, runs the command in it traced, and removes the tree (unless kept); the trace stays. */
    @Override
    public TreeRun run(Manifest set, int round) throws IOException {
        Path tree = keepTree != null ? keepTree : work.resolve("tree-" + round);
        BuildPlan plan;
        try {
            plan = BuildPlan.of(set, source, allowChanged);
        } catch (SourceMismatchException e) {
            throw new DepsetException(ExitCode.BAD_INPUT, source.root() + ": " + e.getMessage());
        }
        TreeWriter.into(tree, source, keepTree != null).write(plan);
        try {
            Run r = run(tree, "round-" + round);
            Boolean sameOutput = referenceOutput == null ? null : Arrays.equals(referenceOutput, r.output);
            TreeRun t = new TreeRun(expectedStatus, r.status, sameOutput, r.trace, List.of(),
                    r.notFound && command.get(0).startsWith("/") ? command.get(0) : null);
            if (!t.passed() && r.errors.length > 0) {
                err.println("depset: the command's stderr in the tree (last lines):");
                String text = new String(r.errors, java.nio.charset.StandardCharsets.UTF_8);
                List<String> lines = text.lines().toList();
                lines.subList(Math.max(0, lines.size() - 5), lines.size()).forEach(l -> err.println("  | " + l));
            }
            return t;
        } finally {
            if (keepTree == null) {
                deleteTree(tree);
            }
        }
    }

    private record Run(int status, byte[] output, byte[] errors, Path trace, boolean notFound) {
    }

    /** Runs the command chrooted into {@code root}, traced; stdin from /dev/null. */
    private Run run(Path root, String name) throws IOException {
        Path trace = work.resolve(name + ".trace.jsonl");
        Path out = work.resolve(name + ".stdout");
        Path errors = work.resolve(name + ".stderr");
        SandboxSession session;
        try {
            session = Sandbox.open(SandboxSpec.of(root, trace).command(command).version(Main.version()));
        } catch (SandboxException e) {
            throw SandboxErrors.forRun(e);
        }
        int status;
        boolean notFound = false;
        try {
            status = session.run(StepSpec.of(command).phase(Phase.RUN, "verify")
                    .stdio(Redirect.from(new File("/dev/null")), Redirect.to(out.toFile()), Redirect.to(errors.toFile())));
        } catch (SandboxException e) {
            if (e.kind() != SandboxException.Kind.NOT_FOUND && e.kind() != SandboxException.Kind.NOT_EXECUTABLE) {
                closeQuietly(session);
                throw SandboxErrors.forRun(e);
            }
            notFound = true;
            status = e.kind() == SandboxException.Kind.NOT_FOUND ? ExitCode.NOT_FOUND : ExitCode.NOT_EXECUTABLE;
        }
        try {
            session.close(status);
        } catch (SandboxException e) {
            throw SandboxErrors.forRun(e);
        }
        return new Run(status, Files.exists(out) ? Files.readAllBytes(out) : new byte[0],
                Files.exists(errors) ? Files.readAllBytes(errors) : new byte[0], trace, notFound);
    }

    private static void closeQuietly(SandboxSession s) {
        try {
            s.close();
        } catch (SandboxException e) {
            // the private namespace drops whatever stays
        }
    }

    /** Removes a built tree; never follows a symlink out of it. */
    static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
