package depset.fs;

/**
 * What runs when the JVM exits with mounts still up (a signal before depset's own handlers are in
 * place, as during the set-up): a shutdown hook that unmounts or ends a session.
 *
 * <p>The signal can come just before the hook's registration, and the JVM then refuses the hook.
 * The cleanup then runs at once, on the registering thread, and that thread waits for the halt:
 * the set-up has nothing left to do, nor anything to say about a Ctrl-C.
 */
public final class ExitCleanup implements AutoCloseable {
    private final Thread hook;

    private ExitCleanup(Thread hook) {
        this.hook = hook;
    }

    /** Registers {@code cleanup}; when the JVM is already exiting, runs it and never returns. */
    public static ExitCleanup register(String name, Runnable cleanup) {
        Thread hook = new Thread(cleanup, name);
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            cleanup.run();
            awaitHalt();
        }
        return new ExitCleanup(hook);
    }

    private static void awaitHalt() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // the JVM halts once its exit hooks are done; nothing here may outlive it
            }
        }
    }

    /** Unregisters the cleanup, which the command ran itself; if the JVM is exiting, the hook runs (idempotent). */
    @Override
    public void close() {
        remove();
    }

    /** As {@link #close()}; false when the JVM is exiting, and the hook runs or has run. */
    public boolean remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
