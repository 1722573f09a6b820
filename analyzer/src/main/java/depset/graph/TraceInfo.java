package depset.graph;

import depset.trace.TraceFooter;

/**
 * What the reader learnt about a trace as a whole.
 *
 * @param source   the trace file, for messages
 * @param complete true when the trace ended with its footer; false for a cut trace, whose sets
 *                 may miss files
 * @param events   the events read
 * @param footer   the footer, null for a cut trace
 */
public record TraceInfo(String source, boolean complete, long events, TraceFooter footer) {
}
