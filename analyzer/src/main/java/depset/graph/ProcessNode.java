package depset.graph;

import depset.trace.Phase;
import java.util.ArrayList;
import java.util.List;

/**
 * A process of the trace. Filled in by {@link GraphBuilder} while the trace is read, frozen
 * before the graph is handed out (no setter is public).
 */
public final class ProcessNode implements Node {
    /** One successful execve of this process. */
    public record Exec(long seq, String exe, List<String> argv) {
        public Exec {
            argv = List.copyOf(argv);
        }
    }

    private final int id;
    private final int pid;
    ProcessNode parent;
    boolean forkSeen;
    List<Exec> execs = new ArrayList<>(1);
    int uid = -1;
    long start;
    long exit = -1;
    int exitCode;
    int signal;
    boolean exited;
    Phase phaseMark;
    String stepMark;
    Phase phase;
    String step;
    String inheritedExe = "";
    /** The executable its exec-flagged opens since its last exec name, for an exec whose /proc/PID/exe came too late. */
    String execOpened;
    /** The directory of its last file request, whose walk is recorded already (GraphBuilder). */
    String lastDirectory;
    List<String> inheritedArgv = List.of();

    ProcessNode(int id, int pid) {
        this.id = id;
        this.pid = pid;
    }

    /** A number unique in its graph (pids may be reused). */
    public int id() {
        return id;
    }

    public int pid() {
        return pid;
    }

    /** The process that forked this one, or null when it started before monitoring. */
    public ProcessNode parent() {
        return parent;
    }

    /** The parent's pid, 0 when unknown. */
    public int ppid() {
        return parent == null ? 0 : parent.pid;
    }

    /** False when the process was already running when monitoring started (no fork event). */
    public boolean forkSeen() {
        return forkSeen;
    }

    /** The execs of this process, in order. */
    public List<Exec> execs() {
        return execs;
    }

    /** Makes the exec list read-only once the graph is built. */
    void freeze() {
        execs = List.copyOf(execs);
    }

    /** The executable it last ran: its last exec, or its parent's for a fork that never exec'd; "" if unknown. */
    public String exe() {
        return execs.isEmpty() ? inheritedExe : execs.get(execs.size() - 1).exe();
    }

    /** The arguments of {@link #exe()}. */
    public List<String> argv() {
        return execs.isEmpty() ? inheritedArgv : execs.get(execs.size() - 1).argv();
    }

    /** The command name: the file name of the executable, or of argv[0] when the executable is unknown. */
    public String name() {
        String exe = exe();
        if (exe.isEmpty() && !argv().isEmpty()) {
            exe = argv().get(0);
        }
        int slash = exe.lastIndexOf('/');
        return slash < 0 ? exe : exe.substring(slash + 1);
    }

    /** The command line, arguments joined by spaces. */
    public String commandLine() {
        return argv().isEmpty() ? exe() : String.join(" ", argv());
    }

    /** The uid of its first file request, -1 if it made none. */
    public int uid() {
        return uid;
    }

    /** Time of its fork (or of its first event when started before monitoring), ns. */
    public long start() {
        return start;
    }

    /** Time of its exit, -1 if it did not exit during the trace. */
    public long exit() {
        return exit;
    }

    public boolean exited() {
        return exited;
    }

    public int exitCode() {
        return exitCode;
    }

    public int signal() {
        return signal;
    }

    /** The phase of this process: its own mark or its nearest marked ancestor's; null outside every phase. */
    public Phase phase() {
        return phase;
    }

    /** The step of {@link #phase()}, "" if none. */
    public String step() {
        return step;
    }

    /** True when a phase event marks this very process (the root of a phase tree). */
    public boolean isPhaseRoot() {
        return phaseMark != null;
    }

    @Override
    public String label() {
        String exe = exe();
        return "process " + pid + " " + (exe.isEmpty() ? "?" : depset.trace.FileNames.printable(exe))
                + (phase == null ? "" : " [" + phase.label() + "]");
    }

    @Override
    public String toString() {
        return label();
    }
}
