package depset.vm.load;

import java.util.List;

/**
 * One run of the load under one tracer.
 *
 * @param ab          ab's figures, summed over the slices ({@link ApacheBench.Result#NONE} when the
 *                    page never answered)
 * @param runSeconds  the whole run: session set up, services started, load, services stopped, trace
 *                    finished
 * @param events      what the tracer recorded: trace events (depset), lines (strace), rows of its
 *                    database (ReproZip); -1 when there is none
 * @param problem     why the run is not a clean result ("" when it is)
 * @param count       depset's no-event-lost check (null for the other tracers)
 * @param heapAfterGc the JVM's heap in use after a full GC, bytes: before the load, then after
 *                    each slice of it (depset's daemon runs in this JVM)
 * @param served      depset: the requests TraceFs had served at the same moments (empty otherwise)
 */
record LoadRun(Tracer tracer, ApacheBench.Result ab, double runSeconds, long events, String problem,
               EventCount count, List<Long> heapAfterGc, List<Long> served) {

    /**
     * depset's trace against what TraceFs served, counted apart: the footer's counts, the events
     * read back from the file, and TraceFs's own counter of requests it answered.
     */
    record EventCount(boolean complete, long footerEvents, long eventsInFile, long footerFileEvents,
                      long fileEventsInFile, long requestsServed, long requestsUnrecorded) {
        /** No event lost: footer = file, and every request served is a file event of the trace. */
        boolean noneLost() {
            return complete && footerEvents == eventsInFile && footerFileEvents == fileEventsInFile
                    && fileEventsInFile == requestsServed && requestsUnrecorded == 0;
        }

        String describe() {
            return String.format("footer %d = %d in file; file events: footer %d = %d in file = %d served%s",
                    footerEvents, eventsInFile, footerFileEvents, fileEventsInFile, requestsServed,
                    complete ? "" : "; trace cut (no footer)");
        }
    }

    boolean clean() {
        return problem.isEmpty() && ab.failed() == 0 && ab.non2xx() == 0 && ab.complete() > 0
                && (count == null || count.noneLost());
    }

    /** Heap after GC after the load's last slice over that after its first, as "a → b MiB". */
    String heapGrowth() {
        if (heapAfterGc.size() < 3) {
            return "–";
        }
        return String.format("%.1f → %.1f", heapAfterGc.get(1) / 1048576.0,
                heapAfterGc.get(heapAfterGc.size() - 1) / 1048576.0);
    }
}
