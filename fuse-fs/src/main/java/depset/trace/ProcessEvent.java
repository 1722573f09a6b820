package depset.trace;

import java.util.List;

/**
 * What happened to a process: from the kernel's process-events connector (fork, exec, exit), or
 * set by depset when it starts a step of a run (phase).
 *
 * <p>All pids are as seen from the initial pid namespace, the same numbering that FUSE uses for
 * the callers of a mount made there.
 */
public sealed interface ProcessEvent extends TraceEvent {

    /** The process (thread group) the event is about. */
    int pid();

    /**
     * A new task. A new process when {@code childPid == childTid}, a new thread of
     * {@code parentPid} when {@code childPid == parentPid}.
     */
    record Fork(long seq, long time, int parentPid, int parentTid, int childPid, int childTid)
            implements ProcessEvent {
        @Override
        public int pid() {
            return childPid;
        }

        public boolean isThread() {
            return childPid == parentPid;
        }
    }

    /**
     * A successful execve. {@code exe} is the executable as the process sees it inside the root
     * ({@code /proc/PID/exe}), argv its arguments; either may be empty when the process was gone
     * before depset could read them.
     */
    record Exec(long seq, long time, int pid, int tid, String exe, List<String> argv) implements ProcessEvent {
        public Exec {
            exe = exe == null ? "" : exe;
            argv = argv == null ? List.of() : List.copyOf(argv);
        }
    }

    /** The end of a task; for a process, its exit code, or the signal that ended it. */
    record Exit(long seq, long time, int pid, int tid, int exitCode, int signal) implements ProcessEvent {
    }

    /**
     * depset started process {@code pid} as step {@code step} of {@code phase}. Its descendants
     * belong to the same phase unless marked otherwise.
     */
    record PhaseMark(long seq, long time, int pid, Phase phase, String step) implements ProcessEvent {
        public PhaseMark {
            if (phase == null) {
                throw new IllegalArgumentException("a phase mark needs a phase");
            }
            step = step == null ? "" : step;
        }
    }
}
