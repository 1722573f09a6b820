package depset.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/** What a traced run needs of the machine and of its input, each failure one line. */
public final class HostChecks {
    private HostChecks() {
    }

    /** Root, /dev/fuse, libfuse2. */
    public static void requireMachine() throws SandboxException {
        if (!isRoot()) {
            throw new SandboxException(SandboxException.Kind.ENVIRONMENT,
                    "tracing needs root (it mounts file systems); run depset as root");
        }
        if (!isDevice(Path.of("/dev/fuse"))) {
            throw new SandboxException(SandboxException.Kind.ENVIRONMENT,
                    "/dev/fuse is missing: load the fuse module (modprobe fuse) or give the container /dev/fuse");
        }
        if (!hasLibfuse2()) {
            throw new SandboxException(SandboxException.Kind.ENVIRONMENT,
                    "libfuse2 is missing (libfuse.so.2 not found): apt-get install libfuse2 fuse");
        }
    }

    /** Whether depset runs as root (the effective uid is 0). */
    public static boolean isRoot() {
        return effectiveUid() == 0;
    }

    /**
     * Whether this machine can trace: what {@link #requireMachine()} requires, as a yes or no (the fuse
     * test tier runs only where it is true).
     */
    public static boolean canTrace() {
        return isRoot() && isDevice(Path.of("/dev/fuse")) && hasLibfuse2();
    }

    /** The source root exists and is a directory. */
    public static void requireSourceRoot(Path root) throws SandboxException {
        if (!Files.exists(root)) {
            throw new SandboxException(SandboxException.Kind.BAD_INPUT, "source root " + root + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new SandboxException(SandboxException.Kind.BAD_INPUT, "source root " + root + " is not a directory");
        }
    }

    /** The trace file can be created (it is created, empty). */
    public static void requireWritable(Path trace) throws SandboxException {
        try (OutputStream out = Files.newOutputStream(trace)) {
            out.flush();
        } catch (NoSuchFileException e) {
            throw new SandboxException(SandboxException.Kind.BAD_INPUT, "cannot write the trace " + trace
                    + ": its directory does not exist");
        } catch (AccessDeniedException e) {
            throw new SandboxException(SandboxException.Kind.BAD_INPUT, "cannot write the trace " + trace
                    + ": permission denied");
        } catch (FileSystemException e) {
            throw new SandboxException(SandboxException.Kind.BAD_INPUT, "cannot write the trace " + trace + ": "
                    + (e.getReason() != null ? e.getReason() : e.getMessage()));
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.BAD_INPUT, "cannot write the trace " + trace + ": "
                    + e.getMessage());
        }
    }

    private static boolean isDevice(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).isOther();
        } catch (IOException e) {
            return false;
        }
    }

    static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    private static boolean hasLibfuse2() {
        for (String dir : List.of("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib")) {
            if (Files.exists(Path.of(dir, "libfuse.so.2"))) {
                return true;
            }
            // Debian's multiarch directories: /usr/lib/x86_64-linux-gnu and the like.
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                if (s.filter(p -> p.getFileName().toString().endsWith("-linux-gnu"))
                        .anyMatch(p -> Files.exists(p.resolve("libfuse.so.2")))) {
                    return true;
                }
            } catch (IOException e) {
                // no such directory
            }
        }
        return false;
    }
}
