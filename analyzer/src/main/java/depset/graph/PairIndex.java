package depset.graph;

/**
 * An open-addressing map from a pair of longs to a non-negative int, without boxing: the graph
 * builder looks up (dev, ino) and (process, file) pairs once per event, ten million times for a
 * large trace, and a {@code HashMap<Key, Integer>} would allocate on every one.
 */
final class PairIndex {
    /** A slot is three longs: a, b, value (-1 when empty), so that a lookup touches one cache line, not two arrays. */
    private static final int WIDTH = 3;
    private long[] slots;
    private int size;
    private int mask;

    PairIndex(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        alloc(cap);
    }

    private void alloc(int cap) {
        slots = new long[cap * WIDTH];
        for (int i = 2; i < slots.length; i += WIDTH) {
            slots[i] = -1;
        }
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    /** The value for (a, b), or -1. */
    int get(long a, long b) {
        long[] s = slots;
        int i = slot(a, b);
        while (true) {
            int at = i * WIDTH;
            long v = s[at + 2];
            if (v < 0) {
                return -1;
            }
            if (s[at] == a && s[at + 1] == b) {
                return (int) v;
            }
            i = (i + 1) & mask;
        }
    }

    /** Sets the value for (a, b). */
    void put(long a, long b, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("values are non-negative");
        }
        if ((size + 1) * 4L > (mask + 1) * 3L) {
            grow();
        }
        int i = slot(a, b);
        while (slots[i * WIDTH + 2] >= 0) {
            int at = i * WIDTH;
            if (slots[at] == a && slots[at + 1] == b) {
                slots[at + 2] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        int at = i * WIDTH;
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = value;
        size++;
    }

    private void grow() {
        long[] old = slots;
        alloc((mask + 1) * 2);
        size = 0;
        for (int at = 0; at < old.length; at += WIDTH) {
            if (old[at + 2] >= 0) {
                put(old[at], old[at + 1], (int) old[at + 2]);
            }
        }
    }
    private int slot(long a, long b) {
        return (int) mix(a * 0x9E3779B97F4A7C15L + b) & mask;
    }

    /**
     * MurmurHash3's finaliser: every key bit reaches the low bits a table's mask keeps (this table's
     * and {@link PairTable}'s).
     */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
