package depset.proc;

/**
 * Told of every new task and every task's end among the processes a {@link ProcessMonitor}
 * follows, on the monitor's thread, in the kernel's order. TraceFs's caller resolver uses it to
 * keep its thread → process table right as threads and processes come and go.
 */
public interface ProcessListener {
    /** Task {@code childTid} of process {@code childPid} was created (a thread when the two differ). */
    void forked(int childPid, int childTid);

    /** Task {@code tid} of process {@code pid} ended. */
    void exited(int pid, int tid);
}
