package depset.cli;

import depset.build.BuildPlan;
import depset.build.BuildSummary;
import depset.build.OciWriter;
import depset.build.OriginalRun;
import depset.build.RepairLoop;
import depset.build.TreeRun;
import depset.graph.DependencyGraph;
import depset.strategy.Analysis;
import java.time.Duration;
import java.util.List;
import depset.build.SourceMismatchException;
import depset.build.SourceSize;
import depset.build.SourceTree;
import depset.build.TarWriter;
import depset.build.TreeWriter;
import depset.fsops.PosixFiles;
import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.sandbox.Sandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code depset build}: writes a deployment set out as a directory tree, a tar, or an OCI image. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Writes the files of a deployment set, with their metadata, from the source root as a "
                + "directory tree to chroot into (--to), a tar (--tar), or an OCI image layout (--oci).",
                "Then prints how many files and bytes it holds, the ten largest, and its share of the source."})
public final class BuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SET.json", description = "the manifest (from depset analyze)")
    Path manifestFile;

    @Mixin
    SourceRootOption sourceRoot;

    @Option(names = "--to", paramLabel = "DIR", description = "write a directory tree here")
    Path to;

    @Option(names = "--tar", paramLabel = "FILE", description = "write a tar here; gzipped when FILE ends in .gz")
    Path tar;

    @Option(names = "--oci", paramLabel = "DIR", description = "write an OCI image layout here")
    Path oci;

    @Option(names = "--tag", defaultValue = "latest", description = "the OCI image's tag (default: ${DEFAULT-VALUE})")
    String tag;

    @Option(names = "--mtime-epoch", paramLabel = "SECONDS",
            description = "give every tar/OCI entry this mtime (seconds since 1970) instead of the source's")
    Long mtimeEpoch;

    @Option(names = "--force", description = "write into a non-empty target (existing names are replaced)")
    boolean force;

    @Option(names = "--allow-changed",
            description = "build even when entries are missing from the source (left out) or changed since the trace")
    boolean allowChanged;

    @Option(names = "--source-size-budget", paramLabel = "SECONDS", defaultValue = "5",
            description = "how long walking the source root to measure it may take; past that (or 0) the used "
                    + "space of its file system is shown instead (default: ${DEFAULT-VALUE})")
    int sourceSizeBudget;

    @Option(names = "--repair", description = "verify the set by running its command in the tree, add what the run "
            + "probed in vain and the source has, and again until it passes (strategy auto)")
    boolean repair;

    @Option(names = "--rounds", defaultValue = "10", description = "at most this many repair rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--repaired", paramLabel = "FILE",
            description = "with --repair, write the repaired set here (default: SET.auto.json beside SET)")
    Path repaired;

    @Option(names = "--json", paramLabel = "FILE", description = "with --repair, write the verification rounds as JSON")
    Path json;

    @Option(names = "--close", paramLabel = "CLOSURE[+CLOSURE…]",
            description = "complete the set (after --repair, if given) with closures: elf (the libraries and loader "
                    + "its ELF files need), packages (the rest of the Debian packages it uses), dirs (whole directories,"
                    + " --dirs); the completed set is written beside SET as SET.STRATEGY+CLOSURES.json")
    String close;

    @picocli.CommandLine.Mixin
    ClosureFlags closures;

    @Option(names = "--exclude-secrets", description = "leave out the entries that look like credentials (private keys,"
            + " shadow files, .netrc, …; see depset secrets); without it they are built and listed as a warning")
    boolean excludeSecrets;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "with --repair, the command (after --); default: the manifest's")
    List<String> command;

    @Override
    public Integer call() throws IOException {
        if (to == null && tar == null && oci == null && !repair && close == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say where: --to, --tar or --oci");
        }
        checkOptions();
        Manifest manifest = ManifestJson.read(manifestFile);
        SourceTree source = new SourceTree(sourceRoot.rootOf(manifest), PosixFiles.system());
        // Before anything is written: never where the set is read from, never through a link.
        if (to != null) {
            depset.build.TargetPlace.check("--to", to, source.root(), manifest);
        }
        if (tar != null) {
            depset.output.OutputFile.check(tar, force);
            depset.build.TargetPlace.check("--tar", tar, source.root(), manifest);
        }
        if (oci != null) {
            depset.build.TargetPlace.refuseSymlink("--oci", oci);
            depset.build.TargetPlace.check("--oci", oci, source.root(), manifest);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        manifest = secrets(manifest, source.root(), err);
        int status = ExitCode.OK;
        if (repair) {
            List<String> cmd = Verification.command(command, manifest.command());
            Verification.requireNamespace("build --repair");
            RepairLoop.Outcome o = repair(manifest, source, cmd, err);
            manifest = o.manifest();
            Path file = repaired != null ? repaired : AnalyzeCommand.perStrategy(manifestFile, "auto");
            ManifestJson.write(manifest, file, force);
            o.result().lines().forEach(out::println);
            out.println("repair: " + o.summary() + (o.fallbackUsed() ? " (the fallback rule was used)" : "")
                    + "; set: " + file + " (" + manifest.entries().size() + " entries)");
            if (json != null) {
                depset.build.VerifyJson.write(json, o);
            }
            status = o.result().pass() ? ExitCode.OK : ExitCode.NEGATIVE;
            if (to == null && tar == null && oci == null && close == null) {
                out.flush();
                return status;
            }
        }
        if (close != null) {
            List<String> names;
            try {
                names = depset.closure.ComposedStrategy.parse(manifest.strategy() + "+" + close).closures();
            } catch (IllegalArgumentException e) {
                throw new DepsetException(ExitCode.USAGE, "--close: " + e.getMessage());
            }
            int before = manifest.entries().size();
            String was = manifest.strategy();
            manifest = closures.apply(manifest, names, source.root(), err);
            Path file = closedFile(repair ? AnalyzeCommand.perStrategy(manifestFile, "auto") : manifestFile, was,
                    manifest.strategy());
            ManifestJson.write(manifest, file);
            out.println("closures: " + (manifest.entries().size() - before) + " entries added; set: " + file);
            for (depset.closure.ClosureCost c : depset.closure.ClosureCost.of(manifest)) {
                out.println("  " + c.closure() + ": " + c.files() + " entries, " + BuildSummary.human(c.bytes()));
            }
            if (to == null && tar == null && oci == null) {
                out.flush();
                return status;
            }
        }
        BuildPlan plan = plan(manifest, source, allowChanged);
        plan.problems().lines().forEach(l -> err.println("depset: warning: " + l));
        if (to != null) {
            TreeWriter.Result r = TreeWriter.into(to, source, force).write(plan);
            r.warnings().forEach(w -> err.println("depset: warning: " + w));
            out.println("tree: " + to + " (" + r.files() + " entries)");
        }
        if (tar != null) {
            writeTar(plan, source);
            out.println("tar: " + tar + " (" + BuildSummary.human(Files.size(tar)) + ")");
        }
        if (oci != null) {
            OciWriter.Result r = new OciWriter(source, mtimeEpoch).write(plan, oci, tag, force);
            out.println("oci: " + oci + ":" + tag + " (manifest " + r.manifest().digest() + ", layer "
                    + BuildSummary.human(r.layer().size()) + ")");
        }
        summary(plan, source.root()).lines().forEach(out::println);
        out.flush();
        return status;
    }

    /** set.auto.json (strategy auto) → set.auto+elf.json; set.json → set.strict+elf.json. */
    static Path closedFile(Path set, String strategy, String closed) {
        String name = set.getFileName().toString();
        String suffix = "." + strategy + ".json";
        return name.endsWith(suffix)
                ? set.resolveSibling(name.substring(0, name.length() - suffix.length()) + "." + closed + ".json")
                : AnalyzeCommand.perStrategy(set, closed);
    }

    /** Warns about (or, with --exclude-secrets, leaves out) the entries that look like credentials. */
    private Manifest secrets(Manifest manifest, Path root, PrintWriter err) {
        List<depset.meta.SecretFinding> found = depset.meta.SecretScanner.of(root).scan(manifest);
        if (found.isEmpty()) {
            return manifest;
        }
        err.println(excludeSecrets ? "depset: leaving out " + found.size() + " entries that look like credentials:"
                : "depset: warning: " + found.size() + " entries look like credentials (--exclude-secrets leaves them out):");
        for (depset.meta.SecretFinding f : found) {
            err.println("  " + depset.trace.FileNames.printable(f.path()) + "  (" + depset.trace.FileNames.printable(f.reason()) + ")");
        }
        err.flush();
        return excludeSecrets ? depset.meta.SecretScanner.without(manifest, found) : manifest;
    }

    private RepairLoop.Outcome repair(Manifest manifest, SourceTree source, List<String> cmd, PrintWriter err)
            throws IOException {
        Path work = Files.createTempDirectory("depset-repair");
        try {
            TreeVerifier verifier = new TreeVerifier(source, cmd, work, null, allowChanged, err);
            verifier.reference(manifest.exitStatus(), false);
            OriginalRun original = originalRun(manifest, err);
            return RepairLoop.run(manifest, original, source, (set, round) -> {
                TreeRun r = verifier.run(set, round);
                err.println("depset: repair round " + round + ": " + set.entries().size() + " entries, exit status "
                        + r.status() + (r.passed() ? "" : ", expected " + r.expectedStatus()));
                err.flush();
                return r;
            }, rounds);
        } finally {
            TreeVerifier.deleteTree(work);
        }
    }

    /**
     * The run the manifest was computed from, read from its one trace; null (and a warning) when
     * that is not at hand, so that repair judges by the fallback rule.
     */
    private static OriginalRun originalRun(Manifest manifest, PrintWriter err) {
        if (manifest.traces().size() != 1 || !Files.isRegularFile(Path.of(manifest.traces().get(0)))) {
            err.println("depset: warning: the set's trace is not at hand (" + String.join(", ", manifest.traces())
                    + "): repair cannot compare with the original run and uses the fallback rule");
            return null;
        }
        try {
            return OriginalRun.of(Analysis.of(DependencyGraph.read(Path.of(manifest.traces().get(0))),
                    manifest.important()));
        } catch (IOException | RuntimeException e) {
            err.println("depset: warning: the set's trace cannot be read (" + e.getMessage()
                    + "): repair cannot compare with the original run and uses the fallback rule");
            return null;
        }
    }

    private void writeTar(BuildPlan plan, SourceTree source) throws IOException {
        if (Files.exists(tar, LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new DepsetException(ExitCode.BAD_INPUT, tar + " exists (--force replaces it)");
        }
        depset.output.OutputFile.write(tar, force, file -> {
            if (tar.getFileName().toString().endsWith(".gz")) {
                GZIPOutputStream gz = new GZIPOutputStream(file, 1 << 16);
                new TarWriter(source, mtimeEpoch).write(plan, gz);
                gz.finish();
            } else {
                new TarWriter(source, mtimeEpoch).write(plan, file);
            }
        });
    }

    /** The latest mtime a tar header takes here: 9999-12-31T23:59:59Z. */
    static final long MAX_MTIME_EPOCH = 253_402_300_799L;

    /** Options that do not apply to what was asked are usage errors, not silently ignored. */
    private void checkOptions() {
        picocli.CommandLine.ParseResult r = spec.commandLine().getParseResult();
        requireWith(r, "--tag", oci != null, "--oci");
        requireWith(r, "--mtime-epoch", tar != null || oci != null, "--tar or --oci");
        requireWith(r, "--rounds", repair, "--repair");
        requireWith(r, "--repaired", repair, "--repair");
        requireWith(r, "--json", repair, "--repair");
        if (command != null && !command.isEmpty() && !repair) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command applies only with --repair");
        }
        if (mtimeEpoch != null && (mtimeEpoch < 0 || mtimeEpoch > MAX_MTIME_EPOCH)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--mtime-epoch must be 0–" + MAX_MTIME_EPOCH + " (seconds up to the year 9999)");
        }
        if (rounds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rounds must be 1 or more");
        }
    }

    private void requireWith(picocli.CommandLine.ParseResult r, String option, boolean applies, String needs) {
        if (r.hasMatchedOption(option) && !applies) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " applies only with " + needs);
        }
    }

    /**
     * The summary, with the source's size: walked when that fits the budget (a guest tree), else
     * the used space of the source's file system (a whole host root, where walking takes long).
     */
    private BuildSummary summary(BuildPlan plan, Path root) throws IOException {
        if (sourceSizeBudget > 0) {
            Optional<SourceSize> size = SourceSize.measure(root, Sandbox::notLayered,
                    Duration.ofSeconds(sourceSizeBudget));
            if (size.isPresent()) {
                return BuildSummary.of(plan, OptionalLong.of(size.get().bytes()));
            }
        }
        java.nio.file.FileStore store = Files.getFileStore(root);
        return BuildSummary.of(plan, OptionalLong.of(store.getTotalSpace() - store.getUnallocatedSpace()),
                "the used space of the source's file system,");
    }

    /** Plans a build, turning a mismatch with the source into one clear line and exit code 3. */
    static BuildPlan plan(Manifest manifest, SourceTree source, boolean allowChanged) throws IOException {
        try {
            return BuildPlan.of(manifest, source, allowChanged);
        } catch (SourceMismatchException e) {
            throw new DepsetException(ExitCode.BAD_INPUT, source.root() + ": " + e.getMessage());
        }
    }
}
