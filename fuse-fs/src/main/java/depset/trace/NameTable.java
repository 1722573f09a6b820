package depset.trace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns the ASCII strings of a trace (paths, operations, line kinds) by their bytes: a trace
 * names the same few hundred thousand files millions of times, so the reader makes one string
 * per distinct name instead of one per line, and readers of the events compare names by
 * identity first. Bounded: when full it starts again empty (strings stay equal, only sharing is
 * lost), so a trace of ever new names does not grow it without end. Not thread-safe.
 */
final class NameTable {
    /** Longer strings are rare (argv) and not worth keeping. */
    static final int MAX_LENGTH = 1024;
    private static final int MAX_ENTRIES = 1 << 19;
    private static final int RECENT = 64;
    /**
     * A small direct-mapped cache in front of the table, for the names of the last few lines:
     * a program's requests on one file come in bursts (lookup, open, reads, release), and the
     * table itself is far larger than the processor's caches.
     */
    private final byte[][] recentBytes = new byte[RECENT][];
    private final String[] recentStrings = new String[RECENT];
    private final int[] recentHashes = new int[RECENT];
    private String[] strings;
    private byte[][] bytes;
    private int[] hashes;
    private int mask;
    private int size;

    NameTable() {
        alloc(1 << 12);
    }

    private void alloc(int capacity) {
        strings = new String[capacity];
        bytes = new byte[capacity][];
        hashes = new int[capacity];
        mask = capacity - 1;
        size = 0;
    }

    /**
     * The string of the ASCII bytes {@code b[off, off + len)}, whose hash (any function of the
     * bytes; the scanner's) is {@code hash}.
     */
    String get(byte[] b, int off, int len, int hash) {
        if (len > MAX_LENGTH) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        if (hash == 0) {
            hash = 1; // 0 marks an empty slot
        }
        int r = hash & (RECENT - 1);
        byte[] recent = recentBytes[r];
        if (recent != null && recentHashes[r] == hash && Arrays.equals(recent, 0, recent.length, b, off, off + len)) {
            return recentStrings[r];
        }
        int i = lookup(b, off, len, hash);
        recentBytes[r] = bytes[i];
        recentStrings[r] = strings[i];
        recentHashes[r] = hash;
        return strings[i];
    }

    /** The slot of the bytes, added when new. */
    private int lookup(byte[] b, int off, int len, int hash) {
        // Probe the hashes first: one dense array, mostly in cache; the bytes only on a match.
        int i = spread(hash) & mask;
        while (true) {
            int h = hashes[i];
            if (h == 0) {
                break;
            }
            if (h == hash) {
                byte[] k = bytes[i];
                if (Arrays.equals(k, 0, k.length, b, off, off + len)) {
                    return i;
                }
            }
            i = (i + 1) & mask;
        }
        byte[] copy = Arrays.copyOfRange(b, off, off + len);
        String s = new String(copy, StandardCharsets.ISO_8859_1);
        if (size >= MAX_ENTRIES) {
            alloc(1 << 12);
            i = spread(hash) & mask;
        } else if ((size + 1) * 2 > mask + 1) {
            grow();
            i = spread(hash) & mask;
            while (hashes[i] != 0) {
                i = (i + 1) & mask;
            }
        }
        bytes[i] = copy;
        strings[i] = s;
        hashes[i] = hash;
        size++;
        return i;
    }

    private void grow() {
        String[] oldStrings = strings;
        byte[][] oldBytes = bytes;
        int[] oldHashes = hashes;
        int n = size;
        alloc(strings.length * 2);
        for (int j = 0; j < oldBytes.length; j++) {
            if (oldHashes[j] != 0) {
                int i = spread(oldHashes[j]) & mask;
                while (hashes[i] != 0) {
                    i = (i + 1) & mask;
                }
                bytes[i] = oldBytes[j];
                strings[i] = oldStrings[j];
                hashes[i] = oldHashes[j];
            }
        }
        size = n;
    }

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
