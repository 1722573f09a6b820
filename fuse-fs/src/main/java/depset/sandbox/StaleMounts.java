package depset.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
            if (isDepset(e) && isDead(Path.of(e.mountPoint()))) {
                try {
                    MountCommands.unmountLazy(e.mountPoint());
                    removed.add(e.mountPoint());
                    diagnostics.println("depset: removed a stale depset mount at " + e.mountPoint()
                            + " (left by a depset that was killed)");
                } catch (IOException ex) {
                    diagnostics.println("depset: cannot remove the stale depset mount at " + e.mountPoint() + ": "
                            + ex.getMessage());
                }
            }
        }
        return removed;
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
