package depset.fs;

import depset.natives.LibC;
import depset.natives.LibFuse2;
import depset.trace.TraceHeader;
import depset.trace.TraceWriter;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import jnr.ffi.Memory;

/**
 * Generates jnr-ffi's bindings for a mount ahead of it, on a background thread.
 *
 * <p>jnr-ffi writes a class for libc, for libfuse, and for each of TraceFs's fifty-odd callback
 * types the first time one is bound: about 0.3 s of one core, measured with the JVM's class-load
 * log on {@code depset run --root / -- /bin/true}. A command that will mount starts this as its
 * first act, so the generation runs on the second core while the command line is parsed and the
 * overlay is mounted; {@link TraceMount} then waits for it instead of doing it again. The classes
 * are cached by jnr-ffi per type, so binding a throwaway TraceFs (never mounted) is what makes
 * the real one cheap.
 */
public final class NativeBindings {
    private static final Object LOCK = new Object();
    private static Thread preparing;

    private NativeBindings() {
    }

    /** Starts preparing, once per JVM; returns at once. */
    public static void prepareInBackground() {
        synchronized (LOCK) {
            if (preparing == null) {
                preparing = new Thread(NativeBindings::prepare, "depset-bindings");
                preparing.setDaemon(true);
                preparing.start();
            }
        }
    }

    /** Waits for a preparation that was started; returns at once when none was. */
    static void awaitPrepared() {
        Thread t;
        synchronized (LOCK) {
            t = preparing;
        }
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Prepares on this JVM's first call, or waits for the preparation under way: for a thread that
     * is about to leave the JVM's mount namespace ({@link WarmUp}), as jnr starts its threads (the
     * reference queue's) the first time they are needed, and a thread inherits its starter's namespace.
     */
    static void prepareNow() {
        prepareInBackground();
        awaitPrepared();
    }

    private static void prepare() {
        // Any failure here (no libfuse, no root) is the real mount's to report, in its own words.
        try {
            LibFuse2 fuse = LibFuse2.load();
            LibC.INSTANCE.geteuid();
            TraceHeader header = new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, "/",
                    "1970-01-01T00:00:00Z", "bindings", "bindings", List.of());
            try (TraceWriter writer = TraceWriter.to(OutputStream.nullOutputStream(), header, 1 << 10);
                    BackingRoot root = BackingRoot.open(Path.of("/"))) {
                new TraceFs(fuse, new BackingTree(root), new Recorder(writer, new CallerResolver()), true);
            }
            // jnr's native memory starts its reference-queue thread at the first allocation.
            Memory.allocateDirect(LibC.RUNTIME, 1);
        } catch (Exception | LinkageError e) {
            // left to the mount
        }
    }
}
