package depset.fs;

import depset.fs.HandleTable.Handle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The backing files registered with the kernel for FUSE passthrough, and the ones kept registered
 * after their file's last close, so that the next open of the same file needs no registration.
 *
 * <p>Registering a descriptor and dropping its registration are two system calls on /dev/fuse around
 * every passed-through open, which a program that starts many short processes pays for each library
 * and locale file each process maps again (a shell loop of {@code date}s: about seven opens a
 * {@code date}). A registration is kept by the path it was made for, and serves a later open of that
 * path only while the path still names the same backing file (device and inode): the kernel's
 * registration holds an open file of that backing file, and a passed-through open reads and writes
 * through a file the kernel opens anew from it, with the new open's own flags. At most
 * {@code limit} registrations are kept unused, the least recently used dropped first; one whose path
 * (or a directory above it) is unlinked or renamed through the mount is dropped at once, else it
 * would keep the file's space allocated until evicted. Once the mount is ending ({@link #close()}),
 * nothing is kept any more.
 *
 * <p>Only a registration made from a read-only descriptor is kept: the kernel's hold on a
 * descriptor open for writing would keep the file open for writing after the program closed it
 * (an exec of the backing file would fail with ETXTBSY).
 *
 * <p>Pure logic: the kernel's side is a {@link Kernel}. Thread-safe: one lock over the table and
 * its counts (a node's opens are already settled one at a time by {@link PassthroughFiles}).
 */
final class BackingRegistrations {
    /** The kernel's side of a registration: two ioctls on /dev/fuse. */
    interface Kernel {
        /** Registers the handle's descriptor: its backing id, or 0 when the kernel refused it. */
        int register(Handle h);

        /** Drops a backing id registered before. */
        void drop(int backingId);
    }

    /** One registration, and how many nodes of the mount are open with it now. */
    static final class Registration {
        private final String path;
        private final long dev;
        private final long ino;
        private final int id;
        private boolean keepable;
        private int users;

        private Registration(Handle h, int id, boolean keepable) {
            this.path = h.path();
            this.dev = h.dev();
            this.ino = h.ino();
            this.id = id;
            this.keepable = keepable;
        }

        /** The backing id an open's reply carries. */
        int id() {
            return id;
        }

        /** The backing file's inode, as the handle it was made from had it. */
        long ino() {
            return ino;
        }

        private boolean names(Handle h) {
            return dev == h.dev() && ino == h.ino();
        }
    }

    private final Kernel kernel;
    private final int limit;
    /** The keepable registrations by path, least recently used first (in use or not). */
    private final LinkedHashMap<String, Registration> byPath = new LinkedHashMap<>(64, 0.75f, true);
    /**
     * The same, in path order: a directory's unlink or rename finds the paths below it without
     * reading the whole table (every unlink and rename asks).
     */
    private final TreeMap<String, Registration> sorted = new TreeMap<>();
    private int unused;
    private long made;
    private boolean closed;

    /**
     * @param kernel registers and drops
     * @param limit  how many registrations are kept while no open file uses them
     */
    BackingRegistrations(Kernel kernel, int limit) {
        this.kernel = kernel;
        this.limit = limit;
    }

    /**
     * The registration a node's first open uses: the one kept for the handle's path when it names
     * the same backing file, else a new one, which is kept only when the handle's descriptor is
     * read-only.
     *
     * @return null when the kernel refused to register
     */
    synchronized Registration acquire(Handle h) {
        Registration r = byPath.get(h.path());
        if (r != null && !r.names(h)) {
            // The path names another file now (replaced from outside the mount): this one is stale.
            unkeep(r);
            r = null;
        }
        if (r == null) {
            int id = kernel.register(h);
            if (id <= 0) {
                return null;
            }
            made++;
            r = new Registration(h, id, h.readOnly() && !closed);
            if (r.keepable) {
                byPath.put(r.path, r);
                sorted.put(r.path, r);
            }
        } else if (r.users == 0) {
            unused--;
        }
        r.users++;
        return r;
    }

    /** A node open with {@code r} was released for the last time. */
    synchronized void release(Registration r) {
        if (--r.users > 0) {
            return;
        }
        if (!r.keepable) {
            kernel.drop(r.id);
            return;
        }
        unused++;
        if (unused > limit) {
            dropLeastRecentlyUsed(unused - limit);
        }
    }

    /**
     * The path was unlinked or renamed away through the mount: its registration, and those of
     * every path below it (a directory's), are kept no longer.
     */
    synchronized void forget(String path) {
        Registration r = sorted.get(path);
        if (r != null) {
            unkeep(r);
        }
        String below = path.endsWith("/") ? path : path + "/";
        NavigableMap<String, Registration> under = sorted.subMap(below, true, below + Character.MAX_VALUE, false);
        if (!under.isEmpty()) {
            new ArrayList<>(under.values()).forEach(this::unkeep);
        }
    }

    /**
     * The mount is ending: drops every registration no open file uses, and from now on each one
     * at its last release. (The kernel drops whatever is left when the connection ends.)
     */
    synchronized void close() {
        closed = true;
        byPath.values().forEach(r -> r.keepable = false);
        dropLeastRecentlyUsed(unused);
        byPath.clear();
        sorted.clear();
    }

    /** How many registrations were made, kept ones counted once. */
    synchronized long made() {
        return made;
    }

    /** How many registrations are kept while no open file uses them. */
    synchronized int unused() {
        return unused;
    }

    /** Takes {@code r} out of the table: dropped now if unused, else at its last release. */
    private void unkeep(Registration r) {
        byPath.remove(r.path);
        sorted.remove(r.path);
        r.keepable = false;
        if (r.users == 0) {
            unused--;
            kernel.drop(r.id);
        }
    }

    private void dropLeastRecentlyUsed(int count) {
        List<Registration> dropped = new ArrayList<>(count);
        for (Iterator<Registration> it = byPath.values().iterator(); it.hasNext() && dropped.size() < count; ) {
            Registration r = it.next();
            if (r.users == 0) {
                it.remove();
                sorted.remove(r.path);
                dropped.add(r);
            }
        }
        unused -= dropped.size();
        for (Registration r : dropped) {
            kernel.drop(r.id);
        }
    }
}
