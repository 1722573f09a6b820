package depset.trace;

/**
 * One recorded event: a file-system request served by TraceFs, the metadata of an inode as
 * TraceFs first saw it, or a process event from the
 * kernel's process-events connector, or a phase mark set by depset itself.
 *
 * <p>{@code seq} numbers events in the order they were recorded, from 1, without gaps;
 * {@code time} is {@link System#nanoTime()} at recording, meaningful only relative to other
 * events of the same trace.
 */
public sealed interface TraceEvent permits FileEvent, InodeEvent, ProcessEvent {
    long seq();

    long time();
}
