package depset.proc;

/**
 * One message of the kernel's process-events connector ({@code struct proc_event} of
 * {@code include/uapi/linux/cn_proc.h}), reduced to what depset uses. The kernel's "pid" is a
 * thread id and its "tgid" the process id; these records say {@code tid} and {@code pid}.
 */
public sealed interface KernelEvent {

    /**
     * A new task. The kernel names the parent by {@code real_parent}: for a new thread that is the
     * parent of the whole process, not the thread that created it.
     */
    record Fork(int parentPid, int parentTid, int childPid, int childTid) implements KernelEvent {
        public boolean isThread() {
            return childPid != childTid;
        }
    }

    /** A successful execve by thread {@code tid} of process {@code pid}. */
    record Exec(int pid, int tid) implements KernelEvent {
    }

    /**
     * The end of a task; {@code status} is the kernel's {@code exit_code}, in wait(2)'s encoding:
     * exit code in bits 8–15, killing signal in bits 0–6.
     */
    record Exit(int pid, int tid, int status) implements KernelEvent {
        public int exitCode() {
            return (status >> 8) & 0xff;
        }

        public int signal() {
            return status & 0x7f;
        }
    }

    /** Any other kind (uid, gid, sid, comm, ptrace, coredump changes; acks): ignored. */
    record Other(int what) implements KernelEvent {
    }
}
