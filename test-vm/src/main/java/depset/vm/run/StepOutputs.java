package depset.vm.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The directory a sequence run's steps write their output into (one file per step), and the
 * leftovers of runs that were killed. A run removes its own at the end; one killed with SIGKILL
 * cannot, so the directory names its owner (the JVM's pid) and the next run removes those whose
 * owner is gone.
 */
final class StepOutputs implements AutoCloseable {
    static final String PREFIX = "depset-steps-";
    static final String OWNER_FILE = "owner";
    /** A directory without an owner file is judged only past this age (it may be one being made). */
    private static final Duration UNOWNED_AGE = Duration.ofMinutes(1);

    private final Path dir;

    private StepOutputs(Path dir) {
        this.dir = dir;
    }

    /** A new directory in {@code tmp}, owned by this JVM, after removing the orphans there. */
    static StepOutputs create(Path tmp) throws IOException {
        removeOrphans(tmp);
        Path dir = Files.createTempDirectory(tmp, PREFIX);
        Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
        return new StepOutputs(dir);
    }

    /** The file of a step's output, {@code name} within the directory. */
    Path file(String name) {
        return dir.resolve(name);
    }

    /** Removes the directories in {@code tmp} whose owner is no longer running. */
    static void removeOrphans(Path tmp) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path d : dirs) {
                if (isOrphan(d)) {
                    removeTree(d);
                }
            }
        } catch (IOException e) {
            // nothing to judge by: the leftovers wait for a later run
        }
    }

    private static boolean isOrphan(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return false;
        }
        Path owner = d.resolve(OWNER_FILE);
        if (!Files.exists(owner)) {
            return Files.getLastModifiedTime(d).toInstant().isBefore(Instant.now().minus(UNOWNED_AGE));
        }
        try {
            long pid = Long.parseLong(Files.readString(owner).trim());
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void removeTree(Path d) {
        try {
            depset.sandbox.HostCommand.removeTree(d);
        } catch (IOException e) {
            // rm could not be run: the leftovers wait for a later run
        }
    }

    @Override
    public void close() {
        removeTree(dir);
    }
}
