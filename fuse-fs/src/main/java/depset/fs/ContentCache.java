package depset.fs;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides when an open may keep the kernel's page cache of a file ({@code keep_cache}), as
 * libfuse's {@code auto_cache} does, but from the stat the open already made (auto_cache would
 * call getattr again on every open).
 *
 * <p>Without keep_cache the kernel drops a file's cached pages at every open, so every process
 * that maps libc or imports a module reads it again through the daemon. Keeping them loses no
 * access: the open itself always reaches TraceFs and is recorded with its caller; only the
 * READ requests that would copy the same bytes again are not sent. Pages are kept only while the
 * backing file's size and modification time are those seen at the previous open, so a change
 * made outside the mount is read afresh. Writes through the mount update the cache themselves.
 *
 * <p>Thread-safe: opens run on several FUSE threads.
 */
final class ContentCache {
    private final ConcurrentHashMap<Key, Version> seen = new ConcurrentHashMap<>();

    /**
     * Notes the version of a file being opened; true when it equals the one seen at its previous
     * open, i.e. the kernel's cached pages (if any) are still the file's content.
     */
    boolean unchanged(long dev, long ino, long size, long mtimeNanos) {
        Version before = seen.put(new Key(dev, ino), new Version(size, mtimeNanos));
        return before != null && before.size == size && before.mtimeNanos == mtimeNanos;
    }

    /**
     * equals and hashCode written out (and Version's fields compared, not its equals): a record's
     * own are bound through invokedynamic at their first call and then run as method handles,
     * which a fresh JVM paid, interpreted, on the first opens of a traced program.
     */
    private record Key(long dev, long ino) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.dev == dev && k.ino == ino;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(dev * 31 + ino);
        }
    }

    private record Version(long size, long mtimeNanos) {
    }
}
