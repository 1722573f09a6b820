package depset.trace;

/**
 * The last line of a whole trace: how many events it holds, so that a reader can tell a whole
 * trace from a cut one, and how the run ended.
 *
 * @param events        all events
 * @param fileEvents    the {@link FileEvent}s among them
 * @param inodeEvents   the {@link InodeEvent}s among them
 * @param processEvents the {@link ProcessEvent}s among them
 * @param endTime       ISO-8601 instant of the end
 * @param exitStatus    the traced command's exit status (128+signal when killed), or -1 when none
 *                      (a {@code depset mount} session)
 */
public record TraceFooter(long events, long fileEvents, long inodeEvents, long processEvents, String endTime, int exitStatus) {
}
