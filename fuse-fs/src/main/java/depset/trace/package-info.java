/**
 * The trace: what depset recorded, as plain Java records, and its JSON Lines form.
 *
 * <p>This package is the contract between the recorder (the rest of {@code fuse-fs}) and the
 * analyzer. It has no native code and no dependency on jnr: the analyzer reads traces through it
 * alone.
 *
 * <p>A trace file is one {@link depset.trace.TraceHeader} line, then one line per
 * {@link depset.trace.TraceEvent}, then one {@link depset.trace.TraceFooter} line that counts the
 * events. A trace without its footer was cut (the recorder died or the disk filled up).
 */
package depset.trace;
