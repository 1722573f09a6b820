package depset.fs;

import depset.natives.LibC;
import depset.trace.FileNames;
import depset.trace.Op;
import depset.natives.LibFuse2;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A mounted TraceFs: a recording pass-through of {@code backing} at {@code mountPoint}, whose every
 * request is written to a {@link TraceWriter}. Closing unmounts it.
 *
 * <p>The mount options are fixed: {@code allow_other} (the traced programs are not the daemon),
 * {@code default_permissions} (the kernel checks permissions against the backing attributes),
 * {@code use_ino}, {@code big_writes},
 * {@code dev,suid} (a whole userland runs on it), the cache timeouts of
 * {@link MountOptions#cache()}, and {@code fsname=depset}, type {@code fuse.depset}.
 */
public final class TraceMount implements AutoCloseable {
    private static final long INIT_TIMEOUT_SECONDS = 10;
    /** How long close waits for the daemon after a clean unmount (it ends at once) ... */
    private static final long END_TIMEOUT_SECONDS = 10;
    /** ... and after a lazy one, whose users may keep it alive for as long as they live. */
    private static final long BUSY_END_TIMEOUT_SECONDS = 1;

    private final Path mountPoint;
    private final String mountPath;
    private final TraceFs fs;
    private final BackingTree tree;
    private final FuseSession session;
    private final CallerResolver callers;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Null for a mount in a namespace of its thread's own, which the exit's thread could not reach. */
    private final ExitCleanup shutdownHook;

    private TraceMount(Path mountPoint, TraceFs fs, BackingTree tree, FuseSession session, CallerResolver callers,
                       boolean unmountAtExit) {
        this.mountPoint = mountPoint;
        this.mountPath = mountPoint.toString();
        this.fs = fs;
        this.tree = tree;
        this.session = session;
        this.callers = callers;
        // A JVM that exits with the mount still up (Ctrl-C in `depset mount`) takes it down.
        this.shutdownHook = unmountAtExit ? ExitCleanup.register("depset-unmount", this::unmount) : null;
    }

    /**
     * Mounts TraceFs and returns once the mount is live (the kernel's INIT was answered).
     *
     * @throws IOException with a one-line reason when the mount cannot be made (not root, no
     *                     /dev/fuse, libfuse2 missing, mount point missing or busy)
     */
    public static TraceMount mount(Path backing, Path mountPoint, TraceWriter writer, MountOptions options)
            throws IOException {
        return mount(backing, mountPoint, writer, options, new CallerResolver());
    }

    /**
     * As {@link #mount(Path, Path, TraceWriter, MountOptions)}, resolving callers with
     * {@code callers}, which a process monitor may keep exact with {@link CallerResolver#learn}
     * and {@link CallerResolver#forget}.
     */
    public static TraceMount mount(Path backing, Path mountPoint, TraceWriter writer, MountOptions options,
                                   CallerResolver callers) throws IOException {
        return mount(backing, mountPoint, writer, options, callers, true);
    }

    /**
     * As {@link #mount(Path, Path, TraceWriter, MountOptions)}, for a mount made in a mount
     * namespace of the calling thread's own ({@link WarmUp}), whose clients that thread starts:
     * <ul>
     * <li>it is not unmounted when the JVM exits, as the exit's thread could not reach it; its
     *     owner must close it before then;</li>
     * <li>the kernel ends the connection when a request stays unanswered for
     *     {@value #THREAD_NAMESPACE_REQUEST_TIMEOUT_SECONDS} s (Linux 6.14 and later): a safety net.
     *     The warm-up's requests come from a child process, so that a JVM killed meanwhile ends at
     *     once; were a thread of this JVM to make them, it would wait in the kernel for an answer
     *     from daemon threads already gone, and the device's descriptor, whose closing ends the
     *     wait, closes only once every thread has ended.</li>
     * </ul>
     */
    static TraceMount mountInThreadNamespace(Path backing, Path mountPoint, TraceWriter writer, MountOptions options)
            throws IOException {
        return mount(backing, mountPoint, writer, options, new CallerResolver(), false);
    }

    /** Far above any answer's time, however loaded the machine; the kernel looks every 15 s. */
    static final int THREAD_NAMESPACE_REQUEST_TIMEOUT_SECONDS = 10;

    /** How long a mount waits for its io_uring queues before it turns io_uring off for its connection. */
    private static final int RING_TIMEOUT_SECONDS = 2;

    private static TraceMount mount(Path backing, Path mountPoint, TraceWriter writer, MountOptions options,
                                    CallerResolver callers, boolean unmountAtExit) throws IOException {
        NativeBindings.awaitPrepared();
        LibFuse2 fuse = loadLibFuse();
        if (LibC.INSTANCE.geteuid() != 0) {
            throw new IOException("mounting TraceFs needs root (running as uid " + LibC.INSTANCE.geteuid() + ")");
        }
        if (!Files.exists(Path.of("/dev/fuse"))) {
            throw new IOException("no /dev/fuse: the fuse kernel module is not loaded (modprobe fuse)");
        }
        if (!Files.isDirectory(backing)) {
            throw new IOException("backing directory " + backing + " does not exist or is not a directory");
        }
        Path mp = checkMountPoint(mountPoint);
        if (options.fsName() == null || !options.fsName().matches("[A-Za-z0-9._-]+")) {
            throw new IOException("file system name \"" + options.fsName() + "\" must be letters, digits, . _ -");
        }
        if (!java.nio.charset.Charset.defaultCharset().equals(java.nio.charset.StandardCharsets.UTF_8)) {
            // jnr-fuse hands paths over as strings decoded with the default charset.
            System.err.println("depset: warning: the JVM's charset is " + java.nio.charset.Charset.defaultCharset()
                    + ", not UTF-8 (run java with -Dfile.encoding=UTF-8): names that are not ASCII will fail");
        }
        BackingTree tree = new BackingTree(BackingRoot.open(backing));
        FuseSession session = null;
        try {
            TraceFs fs = new TraceFs(fuse, tree, new Recorder(writer, callers), options.passthrough());
            session = FuseSession.start(fuse, fs, mp.toString(), mountOptions(options),
                    new DirectoryCaching(options.cache().directorySeconds(), options.rootMountPoints() != null),
                    new SymlinkTargets(options.cache().symlinkTargets()),
                    unmountAtExit ? 0 : THREAD_NAMESPACE_REQUEST_TIMEOUT_SECONDS, options.ioUring());
            if (!fs.awaitInit(INIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LibC.INSTANCE.umount2(FileNames.toNative(mp.toString()), LibC.MNT_DETACH);
                throw new IOException("FUSE mount at " + mp + " did not answer within " + INIT_TIMEOUT_SECONDS + " s");
            }
            session.awaitRing(RING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new TraceMount(mp, fs, tree, session, callers, unmountAtExit);
        } catch (IOException | RuntimeException | Error e) {
            if (session == null) {
                tree.close();
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LibC.INSTANCE.umount2(FileNames.toNative(mp.toString()), LibC.MNT_DETACH);
            throw new IOException("interrupted while mounting TraceFs at " + mp);
        }
    }

    static List<String> mountOptions(MountOptions options) {
        List<String> o = new ArrayList<>(List.of("allow_other", "default_permissions", "use_ino",
                "big_writes", "dev", "suid", "fsname=" + options.fsName(), "subtype=depset"));
        KernelCache cache = options.cache();
        o.add("entry_timeout=" + cache.nameSeconds());
        o.add("attr_timeout=" + cache.attributeSeconds());
        o.add("negative_timeout=" + cache.nameSeconds());
        return o;
    }

    private static LibFuse2 loadLibFuse() throws IOException {
        try {
            return LibFuse2.load();
        } catch (LinkageError | RuntimeException e) {
            throw new IOException("libfuse2 is not installed (libfuse.so.2 not found): apt-get install libfuse2 fuse");
        }
    }

    private static Path checkMountPoint(Path mountPoint) throws IOException {
        if (!Files.isDirectory(mountPoint)) {
            throw new IOException("mount point " + mountPoint + " does not exist or is not a directory");
        }
        Path mp = mountPoint.toRealPath();
        if (isMountPoint(mp)) {
            throw new IOException("mount point " + mp + " is busy: something is already mounted there");
        }
        try (Stream<Path> entries = Files.list(mp)) {
            if (entries.findAny().isPresent()) {
                throw new IOException("mount point " + mp + " is not empty");
            }
        }
        return mp;
    }

    /** True when {@code dir} is the mount point of a mount in this mount namespace. */
    static boolean isMountPoint(Path dir) throws IOException {
        String want = dir.toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ", 6);
            if (f.length > 4 && unescape(f[4]).equals(want)) {
                return true;
            }
        }
        return false;
    }

    /** Undoes mountinfo's octal escapes (\040 for a space, ...). */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    public Path mountPoint() {
        return mountPoint;
    }

    /**
     * {@link #requestsServed()} by kind (the libfuse callback: a kernel LOOKUP is served as a getattr of
     * the name), the busiest first.
     */
    public Map<Op, Long> requestsByOp() {
        return fs.requestsByOp();
    }

    /** How open files' reads and writes were served ({@link PassthroughFiles#summary()}), for {@code --stats}. */
    public String passthroughSummary() {
        return fs.passthrough().summary();
    }

    /** The passthrough registrations kept while no file is open with them ({@link PassthroughFiles#keptUnused()}). */
    int passthroughKeptUnused() {
        return fs.passthrough().keptUnused();
    }

    /** Where the requests came from ({@link FuseSession#ringSummary()}), for {@code --stats}. */
    public String ringSummary() {
        return session.ringSummary();
    }

    /** Requests read from /dev/fuse other than INIT, FORGET and INTERRUPT: none once io_uring serves the mount. */
    long deviceRequests() {
        return session.deviceRequests();
    }

    /** Requests served so far, counted apart from the trace writer (to check no event is lost). */
    public long requestsServed() {
        return fs.requestsServed();
    }

    /**
     * Requests served after the trace writer failed, so not in the trace (0 unless writing the
     * trace failed; the trace then has no footer and reads as cut).
     */
    public long requestsUnrecorded() {
        return fs.unrecorded();
    }

    /** The tid-to-process resolver this mount records with (for the process monitor's hooks). */
    public CallerResolver callers() {
        return callers;
    }

    /** True while the daemon serves the mount. */
    public boolean isServing() {
        return session.isRunning();
    }

    /** Unmounts (lazily when busy) and waits for the daemon threads to end. Idempotent. */
    @Override
    public void close() {
        unmount();
        if (shutdownHook != null) {
            shutdownHook.close();
        }
    }

    private void unmount() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // The passthrough registrations kept for later opens hold backing files open, and the tree
        // below must unmount: dropped now, and none kept from now on (the connection's end drops
        // the ones still in use).
        fs.passthrough().close();
        LibC libc = LibC.INSTANCE;
        long wait = END_TIMEOUT_SECONDS;
        if (libc.umount2(FileNames.toNative(mountPath), 0) < 0) {
            int errno = LibC.errno();
            if (errno == LibC.EBUSY) {
                // Still in use (a process's cwd, an open file): detach it now; the kernel ends
                // the connection when the last user lets go.
                libc.umount2(FileNames.toNative(mountPath), LibC.MNT_DETACH);
                wait = BUSY_END_TIMEOUT_SECONDS;
            }
            // EINVAL: no longer mounted (unmounted from outside); the loop has ended or will.
        }
        boolean ended;
        try {
            ended = session.awaitEnd(wait, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = false;
        }
        if (ended) {
            tree.close();
        } else {
            // A detached mount still in use: its daemon threads keep serving until the users are
            // gone (they are daemon threads: they never keep the JVM alive), then end.
            Thread closer = new Thread(() -> {
                try {
                    session.awaitEnd(Long.MAX_VALUE, TimeUnit.DAYS);
                    tree.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "depset-unmount-wait");
            closer.setDaemon(true);
            closer.start();
        }
    }
}
