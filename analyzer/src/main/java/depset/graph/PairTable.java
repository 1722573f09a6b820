package depset.graph;

/**
 * The (process, file) aggregates while a trace is read: for each pair, the kinds seen, the number
 * of requests and the first request's sequence number, in one open-addressing table whose slot
 * holds all of it. One slot is 32 bytes, so a request touches one cache line, not one per field:
 * with millions of pairs the table is far larger than the caches, and misses cost more than the
 * rest of a request's handling.
 */
final class PairTable {
    private static final int WIDTH = 4; // key, kinds << 32 | count, first sequence number, ordinal
    private long[] slots;
    private int size;
    private int mask;

    PairTable(int expected) {
        alloc(Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1);
    }

    private void alloc(int capacity) {
        slots = new long[capacity * WIDTH];
        for (int i = 0; i < slots.length; i += WIDTH) {
            slots[i] = -1;
        }
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    /** Records one request of {@code process} on {@code file}. */
    void add(int process, int file, int kinds, long seq) {
        add(process, file, kinds, seq, 1);
    }

    /**
     * Records that {@code process} did {@code kinds} to {@code file} without a request of its own
     * in the trace (a walk through a directory the kernel answered): counted as one request when
     * the pair is new, as none when it is not.
     */
    void imply(int process, int file, int kinds, long seq) {
        add(process, file, kinds, seq, 0);
    }

    private void add(int process, int file, int kinds, long seq, int count) {
        if ((size + 1) * 4L > (mask + 1) * 3L) {
            grow();
        }
        long key = ((long) process << 32) | (file & 0xffffffffL);
        int i = slot(key);
        while (true) {
            int at = i * WIDTH;
            long k = slots[at];
            if (k == key) {
                long v = slots[at + 1];
                slots[at + 1] = (v | ((long) kinds << 32)) + count; // count in the low half
                return;
            }
            if (k == -1) {
                slots[at] = key;
                slots[at + 1] = ((long) kinds << 32) | 1;
                slots[at + 2] = seq;
                slots[at + 3] = size;
                size++;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Calls {@code sink} once per pair, with its ordinal (0, 1, … in the order pairs first appeared). */
    void forEach(Sink sink) {
        for (int at = 0; at < slots.length; at += WIDTH) {
            long key = slots[at];
            if (key != -1) {
                long v = slots[at + 1];
                sink.pair((int) slots[at + 3], (int) (key >>> 32), (int) key, (int) (v >>> 32), (int) v, slots[at + 2]);
            }
        }
    }

    /** Receives the pairs. */
    interface Sink {
        void pair(int ordinal, int process, int file, int kinds, int count, long firstSeq);
    }

    private void grow() {
        long[] old = slots;
        alloc((mask + 1) * 2);
        for (int at = 0; at < old.length; at += WIDTH) {
            long key = old[at];
            if (key != -1) {
                int i = slot(key);
                while (slots[i * WIDTH] != -1) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, at, slots, i * WIDTH, WIDTH);
            }
        }
    }

    private int slot(long key) {
        return (int) PairIndex.mix(key) & mask;
    }
}
