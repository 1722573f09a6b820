package depset.sandbox;

import depset.fs.CallerResolver;
import depset.proc.ProcessListener;
import depset.proc.ProcessMonitor;

/**
 * Keeps TraceFs's thread → process table exact from the process monitor's forks and exits, so
 * that a request from a thread that has just been created (or a tid the kernel has just reused)
 * is attributed to the right process.
 */
final class CallerTracking {
    private CallerTracking() {
    }

    /** A resolver that {@code monitor} keeps told of the run's tasks. */
    static CallerResolver follow(ProcessMonitor monitor) {
        CallerResolver callers = new CallerResolver();
        monitor.addListener(new ProcessListener() {
            @Override
            public void forked(int childPid, int childTid) {
                callers.learn(childTid, childPid);
            }

            @Override
            public void exited(int pid, int tid) {
                callers.forget(tid);
            }
        });
        return callers;
    }
}
