package depset.natives;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Runs a depset thread under the kernel's {@code SCHED_BATCH} policy: the same share of the CPU
 * as any other thread, but when it is woken it does not preempt the thread that is running
 * (kernel/sched/fair.c); it runs when that thread sleeps or its slice ends.
 *
 * <p>For the threads that follow a traced program without answering it: the trace writer, woken
 * by its timer every millisecond while events come, and the process monitor, woken by every fork,
 * exec and exit. Preempting, they cut into the traced program, or into the worker serving it, on
 * the program's own CPU; as batch threads they run when that CPU is free. Not for the request
 * workers: a woken worker that waits for a running thread's slice to end delays the request it
 * was woken for (docs/benchmarks.md has both measured).
 *
 * <p>Never for a thread that starts processes: a child inherits its policy, and the traced
 * program must run as it would without depset.
 */
public final class BatchPolicy {
    private static final int SCHED_BATCH = 3;

    private BatchPolicy() {
    }

    /**
     * Puts the calling thread (and the threads it starts) under {@code SCHED_BATCH}; false when the
     * kernel refused or the call could not be made, and then the thread keeps its policy, which
     * changes only how soon it runs. Never throws: the threads that call it record the trace, and
     * one that died of this would lose it.
     */
    public static boolean enter() {
        try {
            // struct sched_param: one int, the static priority, which must be 0 for SCHED_BATCH.
            Pointer param = Memory.allocateDirect(LibC.RUNTIME, Integer.BYTES, true);
            return LibC.INSTANCE.sched_setscheduler(0, SCHED_BATCH, param) == 0;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
