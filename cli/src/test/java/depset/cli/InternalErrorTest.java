package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * An internal error of depset while it serves a request fails that request: the traced program gets
 * EIO and goes on, where a request left unanswered would keep it waiting for good. The error here is
 * a class of the reply path missing from depset's class path, which the first reply describing a
 * symbolic link needs: a {@code NoClassDefFoundError} in the reply channel, as a class hidden from
 * the warm-up's threads once gave.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class InternalErrorTest {
    private static final String MISSING = "depset/fs/SymlinkTargets$Link.class";

    @TempDir
    Path dir;

    @Test
    void aRequestDepsetFailsToAnswerFailsWithEioInsteadOfHanging() throws Exception {
        // Every dynamic program's interpreter is reached through it on a merged-/usr Debian.
        assumeTrue(Files.isSymbolicLink(Path.of("/lib64")), "/lib64 is not a symbolic link here");
        String classPath = without(System.getProperty("java.class.path"), MISSING);
        assertThat(classPath).as("the class path changed").isNotEqualTo(System.getProperty("java.class.path"));

        DepsetProcess.Result r = DepsetProcess.startOnClassPath(dir, classPath, "run", "--root", "/",
                "--trace", "t.jsonl", "--", "/usr/bin/cat", "/lib64/ld-linux-x86-64.so.2").await();

        assertThat(r.stderr()).as("the exec's lookup of the /lib64 link failed").contains("Input/output error");
        assertThat(r.status()).as(r.stderr()).isEqualTo(126);
    }

    /** The class path with {@code entry} taken out of whichever directory or jar of it holds it. */
    private String without(String classPath, String entry) throws IOException {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String element : classPath.split(File.pathSeparator)) {
            Path p = Path.of(element);
            Path copy = dir.resolve("cp" + n++);
            if (Files.isDirectory(p) && Files.exists(p.resolve(entry))) {
                copyTree(p, copy, entry);
                out.add(copy.toString());
            } else if (Files.isRegularFile(p) && jarHolds(p, entry)) {
                copyJar(p, copy, entry);
                out.add(copy.toString());
            } else {
                out.add(element);
            }
        }
        return String.join(File.pathSeparator, out);
    }

    private static void copyTree(Path from, Path to, String leftOut) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                String relative = from.relativize(f).toString();
                if (relative.equals(leftOut)) {
                    continue;
                }
                Path target = to.resolve(relative);
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static boolean jarHolds(Path jar, String entry) throws IOException {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            return z.getEntry(entry) != null;
        }
    }

    private static void copyJar(Path from, Path to, String leftOut) throws IOException {
        try (InputStream in = Files.newInputStream(from); ZipInputStream zin = new ZipInputStream(in);
             OutputStream os = Files.newOutputStream(to); ZipOutputStream zout = new ZipOutputStream(os)) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                if (!e.getName().equals(leftOut)) {
                    zout.putNextEntry(new ZipEntry(e.getName()));
                    zin.transferTo(zout);
                    zout.closeEntry();
                }
            }
        }
    }
}
