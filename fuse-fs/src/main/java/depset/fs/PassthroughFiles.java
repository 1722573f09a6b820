package depset.fs;

import depset.fs.BackingRegistrations.Registration;
import depset.fs.HandleTable.Handle;
import depset.natives.LibC;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import jnr.ffi.Pointer;

/**
 * FUSE passthrough (Linux 6.9 and later): while a file is open through the mount, the kernel
 * reads, writes and maps it straight from the backing descriptor TraceFs opened, without a
 * request each time. The open itself (and so its caller, its flags, an exec or a write access)
 * is still a request, recorded as before; what the trace no longer has is each read and write of
 * an open file, which decides nothing (the open does: {@code depset.graph.AccessKind}) and which
 * the page cache already hid on a second open.
 *
 * <p>The kernel keeps one backing file per FUSE inode: it fails an open (EIO to the program) that
 * names a second backing file for an inode open in passthrough, or that asks for the page cache
 * while the inode is open in passthrough, or the other way round. So the mode is settled per
 * node, by its first open, and every open of the node while it stays open takes the same one:
 * the same backing registration, or none. A registration made from a read-only open outlives the
 * node's last release, for the next open of the same file ({@link BackingRegistrations}).
 *
 * <p>A file with set-user-ID or set-group-ID bits that a write may drop is never passed through:
 * its writes must reach TraceFs, which drops the bits ({@link SuidGidKill}). Such files are few
 * (setuid programs), and are mostly executed, which the page cache serves.
 *
 * <p>Thread-safe: opens and releases of one node are settled atomically, per node.
 */
final class PassthroughFiles {
    /** _IOW(229, 1, struct fuse_backing_map): registers a descriptor, answers its backing id. */
    private static final long BACKING_OPEN = 0x4010E501L;
    /** _IOW(229, 2, uint32_t): drops a backing id (read from the start of {@link Scratch#backingMap}). */
    private static final long BACKING_CLOSE = 0x4004E502L;
    private static final int ENOTTY = 25;
    /**
     * How many registrations are kept while no file is open with them. Each holds an open file in
     * the kernel (on an overlay, the overlay's file and the layer's below it, with their inodes and
     * dentries): a few kilobytes; a program's libraries and data files are far fewer.
     */
    static final int KEPT_REGISTRATIONS = 4096;

    private final LibC libc = LibC.INSTANCE;
    private final HandleTable handles;
    private final boolean wanted;
    /** The /dev/fuse descriptor, once the kernel agreed to passthrough at INIT; -1 before (or never). */
    private volatile int device = -1;
    /** Set when the kernel refused a registration for the whole connection (EPERM, ENOTTY): none is tried again. */
    private volatile boolean refusedAll;
    /** The backing devices whose files the kernel refused (ELOOP: stacked too deep; EOPNOTSUPP before 6.12). */
    private final java.util.Set<Long> refusedDevices = ConcurrentHashMap.newKeySet();
    /** The errno of the first refusal, for {@link #summary()}; 0 while there was none. */
    private final AtomicInteger firstRefusal = new AtomicInteger();
    private final LongAdder refusals = new LongAdder();
    private final ConcurrentHashMap<Long, Node> nodes = new ConcurrentHashMap<>();
    private final LongAdder passedThrough = new LongAdder();

    private final BackingRegistrations registrations;

    /** One node's mode while it is open: its registration (null: served by TraceFs) and how many opens share it. */
    private static final class Node {
        final Registration registration;
        int opens = 1;

        Node(Registration registration) {
            this.registration = registration;
        }

        int backingId() {
            return registration == null ? 0 : registration.id();
        }
    }

    /**
     * @param handles the mount's open files, whose descriptors are registered
     * @param wanted  false to serve every read and write in TraceFs ({@code --no-passthrough})
     */
    PassthroughFiles(HandleTable handles, boolean wanted) {
        this.handles = handles;
        this.wanted = wanted;
        this.registrations = new BackingRegistrations(new BackingRegistrations.Kernel() {
            @Override
            public int register(Handle h) {
                return PassthroughFiles.this.register(h);
            }

            @Override
            public void drop(int backingId) {
                PassthroughFiles.this.drop(backingId);
            }
        }, KEPT_REGISTRATIONS);
    }

    /** True when the INIT reply should ask the kernel for passthrough. */
    boolean wanted() {
        return wanted;
    }

    /** The kernel agreed at INIT: opens may be registered on {@code fuseDevice} from now on. */
    void enable(int fuseDevice) {
        device = fuseDevice;
    }

    /** True once the kernel agreed at INIT: open replies then go through {@link ReplyChannel}. */
    boolean enabled() {
        return device >= 0;
    }

    /**
     * What happened to open files' reads and writes, for {@code --stats}: "passthrough: 98 opens, 40 registrations",
     * with how many registrations the kernel refused ("2 refused by the kernel, errno 40"), or why
     * there was none ("not offered by the kernel", "off").
     */
    String summary() {
        if (!wanted) {
            return "passthrough: off";
        }
        if (device < 0) {
            return "passthrough: not offered by the kernel";
        }
        String opens = "passthrough: " + passedThrough.sum() + " opens, " + registrations.made() + " registrations";
        long refused = refusals.sum();
        return refused == 0 ? opens : opens + ", " + refused + " refused by the kernel, errno " + firstRefusal.get();
    }

    /**
     * Settles how the file just opened as FUSE handle {@code fh}, the kernel's node {@code node},
     * is served, before the open's reply is sent.
     *
     * @return the backing id the reply must carry with FOPEN_PASSTHROUGH, or 0 for none (the
     *         reply then goes as TraceFs made it)
     */
    int opened(long node, long fh) {
        if (device < 0) {
            return 0;
        }
        Handle h = handles.get(fh);
        if (h == null) {
            return 0;
        }
        handles.put(h.withNode(node));
        Node n = nodes.compute(node, (k, old) -> {
            if (old != null) {
                old.opens++;
                return old;
            }
            return new Node(h.setId() || !registrable(h) ? null : registrations.acquire(h));
        });
        if (n.registration != null) {
            passedThrough.increment();
        }
        return n.backingId();
    }

    /** A handle was released: at the node's last, its registration is released (and kept or dropped). */
    void released(Handle h) {
        if (h.node() == 0) {
            return;
        }
        nodes.computeIfPresent(h.node(), (k, n) -> {
            if (--n.opens > 0) {
                return n;
            }
            if (n.registration != null) {
                registrations.release(n.registration);
            }
            return null;
        });
    }

    /** The path was unlinked, or renamed away, through the mount: no later open of it may reuse its registration. */
    void forget(String path) {
        if (device >= 0) {
            registrations.forget(path);
        }
    }

    /** The mount is about to end: drops the registrations kept for later opens, and keeps none from now on. */
    void close() {
        if (device >= 0) {
            registrations.close();
        }
    }

    /** Registrations kept while no file is open with them (for tests: a release reaches TraceFs after the close returns). */
    int keptUnused() {
        return registrations.unused();
    }

    private boolean registrable(Handle h) {
        return !refusedAll && !refusedDevices.contains(h.dev());
    }

    private void drop(int backingId) {
        Pointer id = Scratch.get().backingMap;
        id.putInt(0, backingId);
        libc.ioctl(device, BACKING_CLOSE, id);
    }

    private int register(Handle h) {
        Pointer map = Scratch.get().backingMap;
        map.putInt(0, h.fd());
        map.putInt(4, 0);
        map.putLong(8, 0);
        int id = libc.ioctl(device, BACKING_OPEN, map);
        if (id > 0) {
            return id;
        }
        int errno = Math.max(1, LibC.errno());
        refusals.increment();
        firstRefusal.compareAndSet(0, errno);
        // EPERM (no CAP_SYS_ADMIN) and ENOTTY hold for the connection; ELOOP (a file system stacked
        // too deep) and EOPNOTSUPP hold for the file's device; anything else (ENOMEM) is tried again.
        if (errno == LibC.EPERM || errno == ENOTTY) {
            refusedAll = true;
        } else if (errno == LibC.ELOOP || errno == LibC.EOPNOTSUPP) {
            refusedDevices.add(h.dev());
        }
        return 0; // served by TraceFs
    }
}
