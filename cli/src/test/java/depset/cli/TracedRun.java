package depset.cli;

import depset.graph.GraphBuilder;
import depset.trace.FileEvent;
import depset.trace.Op;
import depset.trace.ProcessEvent;
import depset.trace.TraceEvent;
import depset.trace.TraceFooter;
import depset.trace.TraceHeader;
import depset.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A trace read whole, with the run's process tree worked out from its process events. */
final class TracedRun {
    final TraceHeader header;
    final List<TraceEvent> events = new ArrayList<>();
    final TraceFooter footer;
    final boolean complete;
    /** The processes of the run: the phase-marked ones and their descendants. */
    final Set<Integer> runPids = new HashSet<>();
    /** The last program each run process executed. */
    final Map<Integer, String> exeOf = new HashMap<>();
    final List<ProcessEvent.PhaseMark> phases = new ArrayList<>();

    private TracedRun(Path file) throws IOException {
        Map<Integer, String> execOpen = new HashMap<>();
        try (TraceReader r = TraceReader.open(file)) {
            header = r.header();
            for (TraceEvent e : r) {
                events.add(e);
                if (e instanceof ProcessEvent.PhaseMark p) {
                    phases.add(p);
                    runPids.add(p.pid());
                } else if (e instanceof ProcessEvent.Fork f && runPids.contains(f.parentPid())) {
                    runPids.add(f.childPid());
                } else if (e instanceof FileEvent f && f.op() == Op.OPEN && f.isExec() && !f.failed()
                        && !GraphBuilder.isDynamicLoader(f.path())) {
                    execOpen.put(f.pid(), f.path()); // the program's (a script's interpreter after it), not its loader's
                } else if (e instanceof ProcessEvent.Exec x) {
                    // A process that exits at once is gone before the monitor reads its exe: its
                    // exec's open names the program then, as the analysis takes it (GraphBuilder).
                    String opened = execOpen.remove(x.pid());
                    exeOf.put(x.pid(), x.exe().isEmpty() && opened != null ? opened : x.exe());
                }
            }
            footer = r.footer();
            complete = r.isComplete();
        }
    }

    static TracedRun read(Path file) throws IOException {
        return new TracedRun(file);
    }

    List<FileEvent> fileEvents() {
        List<FileEvent> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e instanceof FileEvent f) {
                out.add(f);
            }
        }
        return out;
    }

    <T extends ProcessEvent> List<T> processEvents(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** The run process that last executed a program whose path ends in {@code suffix}. */
    int pidOf(String suffix) {
        return pidsOf(suffix).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no process executed *" + suffix + ": " + exeOf));
    }

    /** Every run process whose last program's path ends in {@code suffix}. */
    Set<Integer> pidsOf(String suffix) {
        Set<Integer> out = new HashSet<>();
        exeOf.forEach((pid, exe) -> {
            if (exe.endsWith(suffix)) {
                out.add(pid);
            }
        });
        return out;
    }
}
