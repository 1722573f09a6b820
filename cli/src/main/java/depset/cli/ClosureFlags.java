package depset.cli;

import depset.closure.ClosureOptions;
import depset.closure.Closures;
import depset.closure.PackageFileKind;
import depset.manifest.Manifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The choices of the closures a strategy name composes ({@code strict+packages+dirs}), shared by
 * {@code analyze}, {@code build} and {@code eval}: {@code @Mixin ClosureFlags closures;}.
 */
public final class ClosureFlags {
    @Option(names = "--packages", paramLabel = "PKG[,PKG…]", split = ",",
            description = "with the packages closure: complete only these packages (default: every one the set uses)")
    List<String> packages = new ArrayList<>();

    @Option(names = "--package-files", paramLabel = "KIND[,KIND…]", split = ",",
            description = "with the packages closure: only these kinds of files: configuration, modules, libraries,"
                    + " programs, data, docs (default: all but docs)")
    List<String> packageFiles = new ArrayList<>();

    @Option(names = "--dirs", paramLabel = "DIR[,DIR…]", split = ",",
            description = "with the dirs closure: the directories of the source root to complete, whole")
    List<String> dirs = new ArrayList<>();

    /** The options as the closures take them; a bad kind is a usage error. */
    ClosureOptions options() {
        Set<PackageFileKind> kinds = packageFiles.isEmpty() ? PackageFileKind.DEFAULT
                : EnumSet.noneOf(PackageFileKind.class);
        for (String k : packageFiles) {
            try {
                kinds.add(PackageFileKind.parse(k));
            } catch (IllegalArgumentException e) {
                throw new DepsetException(ExitCode.USAGE, "--package-files: " + e.getMessage());
            }
        }
        for (String d : dirs) {
            if (!d.startsWith("/")) {
                throw new DepsetException(ExitCode.USAGE, "--dirs: " + d + " is not an absolute path in the source root");
            }
        }
        return new ClosureOptions(packages, kinds, dirs);
    }

    /**
     * {@code set} completed by the closures named in {@code composed} (a strategy name after its
     * first "+", or a bare list "elf+dirs"), reading {@code root} (null: the set's own source root);
     * warnings go to {@code err}.
     */
    Manifest apply(Manifest set, List<String> closureNames, Path root, PrintWriter err) throws IOException {
        return apply(set, closureNames, root, err, new depset.meta.DpkgDatabases());
    }

    /** As above, taking source roots' dpkg databases from {@code databases}, which reads each once. */
    Manifest apply(Manifest set, List<String> closureNames, Path root, PrintWriter err,
            depset.meta.DpkgDatabases databases) throws IOException {
        if (closureNames.isEmpty()) {
            return set;
        }
        Path source = root != null ? root : Path.of(set.sourceRoot() == null ? "/" : set.sourceRoot());
        if (!Files.isDirectory(source)) {
            throw new DepsetException(ExitCode.BAD_INPUT, "closures read the source root, and " + source
                    + " is not a directory on this machine");
        }
        List<depset.closure.Closure> closures = new ArrayList<>();
        for (String name : closureNames) {
            try {
                closures.add(Closures.named(name, options()));
            } catch (IllegalArgumentException e) {
                throw new DepsetException(ExitCode.USAGE, e.getMessage());
            }
        }
        Closures.Result r = Closures.apply(set, closures, source, databases);
        for (String w : r.warnings()) {
            err.println("depset: warning: " + w);
        }
        err.flush();
        return r.manifest();
    }
}
