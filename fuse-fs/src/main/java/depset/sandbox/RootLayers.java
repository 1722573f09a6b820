package depset.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backing tree TraceFs serves: an overlay of the source root (lower, read-only) with a
 * scratch upper layer, so that the source is never modified; or, when writable, a plain bind of
 * the source. File systems mounted below the source get a layer each, so that {@code --root /}
 * sees a separate {@code /home} too; those that cannot be layered are named on the diagnostics
 * stream.
 *
 * <p>Everything lives on a tmpfs mounted over a fresh scratch directory, in this process's
 * (private) mount namespace: overlay refuses upper directories that overlap a lower layer
 * (source "/" with upper in /tmp), a tmpfs is a file system of its own, and it vanishes with
 * the namespace. An overlay or bind of a mount shows that mount alone, not the mounts below it:
 * the view of "/" does not recurse into the sandbox's own mount point.
 */
final class RootLayers implements AutoCloseable {
    /** The root's directories the guest environment mounts its own file systems on (proc, dev, sys, run). */
    static final Set<String> KERNEL_DIRS = GuestEnvironment.STANDARD.rootMountPoints();
    /**
     * Kernel file systems, wherever they are mounted below the source (a guest build's /proc, say):
     * never part of a deployment set, and overlay cannot layer them; skipped without a word.
     */
    static final Set<String> KERNEL_FS = Set.of("proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2",
            "securityfs", "debugfs", "tracefs", "pstore", "bpf", "mqueue", "hugetlbfs", "configfs", "fusectl",
            "binfmt_misc", "autofs", "nsfs", "efivarfs", "selinuxfs", "rpc_pipefs", "nfsd");
    /** How scratch directories in /tmp are named. */
    static final String SCRATCH_PREFIX = "depset-sandbox-";
    /** The source name of the scratch tmpfs in mountinfo. */
    static final String SCRATCH_SOURCE = "depset-scratch";
    /** The file in the scratch tmpfs that holds the owning depset's pid. */
    static final String OWNER_FILE = "owner";

    private final Path scratch;
    private final Path merged;
    private final Path mountPoint;
    private final List<String> leftOut;
    /**
     * The layers of {@code depset mount} are in the user's namespace: a JVM that exits during the
     * set-up, before the session's own exit hook is in place, must still take them down.
     */
    private final depset.fs.ExitCleanup onExit;

    private RootLayers(Path scratch, List<String> leftOut) {
        this.scratch = scratch;
        this.merged = scratch.resolve("merged");
        this.mountPoint = scratch.resolve("root");
        this.leftOut = List.copyOf(leftOut);
        this.onExit = depset.fs.ExitCleanup.register("depset-layers-unmount", this::unmount);
    }

    /** Sets the layers up; on failure, undoes what was done. */
    static RootLayers mount(Path source, boolean writable, PrintStream diagnostics) throws SandboxException {
        String src = source.toString();
        if (!writable && (src.contains(",") || src.contains(":") || src.contains("\\"))) {
            throw new SandboxException(SandboxException.Kind.BAD_INPUT,
                    "the source root's path cannot contain ',', ':' or '\\' (overlay cannot name it): " + src);
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory(Path.of("/tmp"), SCRATCH_PREFIX);
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.FAILED, "cannot create a scratch directory in /tmp: "
                    + e.getMessage(), e);
        }
        List<String> leftOut = new ArrayList<>();
        try {
            List<MountTable.Entry> below = mountsBelow(source, scratch);
            MountCommands.mount("-t", "tmpfs", "-o", "mode=0700", SCRATCH_SOURCE, scratch.toString());
            // Names the depset that owns the layers, so that a later depset can tell them stale.
            Files.writeString(scratch.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            Files.createDirectories(scratch.resolve("merged"));
            Files.createDirectories(scratch.resolve("root"));
            layer(source, scratch.resolve("merged"), scratch, 0, writable);
            int n = 1;
            for (MountTable.Entry e : below) {
                Path target = scratch.resolve("merged").resolve(source.relativize(Path.of(e.mountPoint())).toString());
                try {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new IOException("its mount point is not a directory");
                    }
                    layer(Path.of(e.mountPoint()), target, scratch, n++, writable);
                } catch (IOException ex) {
                    leftOut.add(e.mountPoint());
                    diagnostics.println("depset: left out " + e.mountPoint() + " (" + e.fsType() + "): "
                            + ex.getMessage());
                }
            }
            for (String d : KERNEL_DIRS) {
                Path dir = scratch.resolve("merged").resolve(d);
                if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                    // Goes to the scratch layer (or, writable, to the disposable source).
                    Files.createDirectory(dir);
                } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw new SandboxException(SandboxException.Kind.BAD_INPUT, "/" + d
                            + " in the source root is not a directory; the sandbox mounts its own there");
                }
            }
            return new RootLayers(scratch, leftOut);
        } catch (IOException | SandboxException | RuntimeException e) {
            MountCommands.unmountTree(scratch.toString());
            deleteQuietly(scratch);
            if (e instanceof SandboxException s) {
                throw s;
            }
            throw new SandboxException(SandboxException.Kind.FAILED, "cannot layer " + source + ": " + e.getMessage(), e);
        }
    }

    private static void layer(Path lower, Path target, Path scratch, int n, boolean writable) throws IOException {
        if (writable) {
            MountCommands.mount("--bind", lower.toString(), target.toString());
            return;
        }
        Path upper = scratch.resolve("upper/" + n);
        Path work = scratch.resolve("work/" + n);
        Files.createDirectories(upper);
        Files.createDirectories(work);
        MountCommands.mount("-t", "overlay", "-o", "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work,
                "depset-overlay", target.toString());
    }

    /**
     * The mounts to layer below the source: the visible one at each mount point, parents first;
     * not the kernel's file systems the sandbox replaces, nor the scratch directory.
     */
    private static List<MountTable.Entry> mountsBelow(Path source, Path scratch) throws IOException {
        String src = source.toString();
        Map<String, MountTable.Entry> visible = new LinkedHashMap<>();
        for (MountTable.Entry e : MountTable.read()) {
            if (e.mountPoint().equals(src) || !e.isAtOrBelow(src) || e.isAtOrBelow(scratch.toString())
                    || KERNEL_FS.contains(e.fsType())) {
                continue;
            }
            String rel = source.relativize(Path.of(e.mountPoint())).toString();
            String first = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : rel;
            if (KERNEL_DIRS.contains(first)) {
                continue;
            }
            visible.remove(e.mountPoint()); // a later mount on the same point hides the earlier one
            visible.put(e.mountPoint(), e);
        }
        List<MountTable.Entry> out = new ArrayList<>(visible.values());
        out.sort(Comparator.comparing(MountTable.Entry::mountPoint));
        return out;
    }

    /**
     * The mount points at or below {@code source} that a sandbox of it does not layer: the kernel's
     * file systems and whatever is mounted where the guest environment mounts its own (/proc, /dev,
     * /sys, /run). What remains, the source's own file systems, is what a run of it sees.
     */
    static List<String> notLayered(Path source) throws IOException {
        String src = source.toAbsolutePath().normalize().toString();
        List<String> out = new ArrayList<>();
        for (MountTable.Entry e : MountTable.read()) {
            if (e.mountPoint().equals(src) || !e.isAtOrBelow(src)) {
                continue;
            }
            String rel = Path.of(src).relativize(Path.of(e.mountPoint())).toString();
            String first = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : rel;
            if (KERNEL_FS.contains(e.fsType()) || KERNEL_DIRS.contains(first)) {
                out.add(e.mountPoint());
            }
        }
        return out;
    }

    /** The backing tree: the overlay's merged directory (or the bound source). */
    Path merged() {
        return merged;
    }

    /** Where TraceFs is to be mounted. */
    Path mountPoint() {
        return mountPoint;
    }

    /** Mount points below the source that could not be layered. */
    List<String> leftOut() {
        return leftOut;
    }

    /** Unmounts everything below the scratch directory and removes it. */
    @Override
    public void close() {
        unmount();
        onExit.close();
    }

    private void unmount() {
        MountCommands.unmountTree(scratch.toString());
        deleteQuietly(scratch);
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // still mounted (lazily detached) or not empty: left for the namespace's end
        }
    }
}
