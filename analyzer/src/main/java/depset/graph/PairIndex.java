package depset.graph;

import java.util.Arrays;

/**
 * An open-addressing map from a pair of longs to a non-negative int, without boxing: the graph
 * builder looks up (dev, ino) and (process, file) pairs once per event, ten million times for a
 * large trace, and a {@code HashMap<Key, Integer>} would allocate on every one.
 */
final class PairIndex {
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    PairIndex(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        alloc(cap);
    }

    private void alloc(int cap) {
        keys = new long[cap * 2];
        values = new int[cap];
        Arrays.fill(values, -1);
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    /** The value for (a, b), or -1. */
    int get(long a, long b) {
        int i = slot(a, b);
        while (true) {
            int v = values[i];
            if (v < 0) {
                return -1;
            }
            if (keys[2 * i] == a && keys[2 * i + 1] == b) {
                return v;
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
        while (values[i] >= 0) {
            if (keys[2 * i] == a && keys[2 * i + 1] == b) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[2 * i] = a;
        keys[2 * i + 1] = b;
        values[i] = value;
        size++;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        alloc((mask + 1) * 2);
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] >= 0) {
                put(oldKeys[2 * i], oldKeys[2 * i + 1], oldValues[i]);
            }
        }
    }

    private int slot(long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L + b;
        // MurmurHash3's finaliser: every key bit reaches the low bits the mask keeps.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }
}
