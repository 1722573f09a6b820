package depset.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and removes TraceFs mounts whose daemon is dead: what a killed {@code depset mount}
 * leaves in the caller's mount namespace (a FUSE mount that answers "Transport endpoint is not
 * connected"). Live mounts of a running depset are left alone.
 */
public final class StaleMounts {
    private StaleMounts() {
    }

    /** Removes every stale depset mount, saying so on {@code diagnostics}; returns their mount points. */
    public static List<String> clean(PrintStream diagnostics) {
        List<String> removed = new ArrayList<>();
        List<MountTable.Entry> mounts;
        try {
            mounts = MountTable.read();
        } catch (IOException e) {
            return removed;
        }
        for (MountTable.Entry e : mounts) {
            if (isDepset(e) && isDead(Path.of(e.mountPoint())) || isOrphanScratch(e)) {
                try {
                    MountCommands.unmountLazy(e.mountPoint());
                    if (e.source().equals(RootLayers.SCRATCH_SOURCE)) {
                        Files.deleteIfExists(Path.of(e.mountPoint()));
                    }
                    removed.add(e.mountPoint());
                    diagnostics.println("depset: removed a stale depset mount at " + e.mountPoint()
                            + " (left by a depset that was killed)");
                } catch (IOException ex) {
                    diagnostics.println("depset: cannot remove the stale depset mount at " + e.mountPoint() + ": "
                            + ex.getMessage());
                }
            }
        }
        removeEmptyScratchDirectories(mounts);
        return removed;
    }

    /** {@link #removeEmptyScratchDirectories(List)} judged by the mount table as it is now. */
    static void removeEmptyScratchDirectories() {
        try {
            removeEmptyScratchDirectories(MountTable.read());
        } catch (IOException e) {
            // no mount table: nothing to judge by
        }
    }

    /**
     * A depset killed with SIGKILL leaves its scratch directory behind, empty (its mounts died with
     * its namespace). Removing one that another depset still uses fails (the kernel refuses to
     * remove a mount point in any namespace), so trying is safe, once the directory is old enough
     * that its depset is surely past mounting on it.
     */
    private static void removeEmptyScratchDirectories(List<MountTable.Entry> mounts) {
        try (var dirs = Files.newDirectoryStream(Path.of("/tmp"), RootLayers.SCRATCH_PREFIX + "*")) {
            for (Path d : dirs) {
                if (mounts.stream().anyMatch(e -> e.mountPoint().equals(d.toString()))) {
                    continue;
                }
                try {
                    if (Files.getLastModifiedTime(d).toInstant().isBefore(Instant.now().minusSeconds(60))) {
                        Files.deleteIfExists(d);
                    }
                } catch (IOException busyOrNotEmpty) {
                    // in use by a running depset, or not ours to judge
                }
            }
        } catch (IOException e) {
            // no /tmp to look in
        }
    }

    /** The scratch layers of a {@code depset mount} whose depset is gone. */
    private static boolean isOrphanScratch(MountTable.Entry e) {
        if (!e.source().equals(RootLayers.SCRATCH_SOURCE) || !e.fsType().equals("tmpfs")) {
            return false;
        }
        try {
            long owner = Long.parseLong(Files.readString(Path.of(e.mountPoint(), RootLayers.OWNER_FILE)).trim());
            return owner != ProcessHandle.current().pid() && ProcessHandle.of(owner).isEmpty();
        } catch (IOException | NumberFormatException ex) {
            return false;
        }
    }

    static boolean isDepset(MountTable.Entry e) {
        return e.fsType().equals("fuse.depset") || (e.fsType().startsWith("fuse") && e.source().equals("depset"));
    }

    private static boolean isDead(Path mountPoint) {
        try {
            Files.readAttributes(mountPoint, "basic:isDirectory", LinkOption.NOFOLLOW_LINKS);
            return false;
        } catch (FileSystemException e) {
            String reason = String.valueOf(e.getReason());
            return reason.contains("not connected") || reason.contains("Transport endpoint");
        } catch (IOException e) {
            return false;
        }
    }
}
