package depset.fs;

/**
 * Which directories' entries and attributes the kernel may keep for longer than libfuse2's
 * mount-wide timeouts ({@link ReplyChannel}): every directory's, and the root's own directories
 * only when the file systems mounted on them are known. A walk past a mount point (into /proc,
 * say) leaves no request below it that would name the directory, so a cached mount point would
 * hide every later process that uses that file system; a cached {@code /usr} hides nothing that
 * a later request does not name again. depset's sandbox knows its mount points ({@code /dev},
 * {@code /proc}, {@code /run}, {@code /sys}), and the trace's header names them so that no set
 * holds them ({@code depset.trace.TraceHeader#sandboxMounts}): whoever used them decides nothing,
 * and they are cached as any other directory. Under {@code depset mount} the user may mount
 * anything anywhere, and none of the root's directories is kept.
 *
 * @param seconds         how long, in seconds; 0: no directory longer than any other name
 * @param rootMountsKnown whether the file systems mounted on the root's directories are known
 *                        (and left out of every set): then the root's directories are kept too
 */
record DirectoryCaching(int seconds, boolean rootMountsKnown) {
}
