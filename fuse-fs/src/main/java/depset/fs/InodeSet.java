package depset.fs;

/**
 * The backing inodes (device, inode number) TraceFs has already described in the trace.
 *
 * <p>Thread-safe by lock striping: each stripe is a small open-addressing hash set of pairs
 * behind its own monitor, so lookups on the hot path allocate nothing and rarely contend.
 * {@link #addAndThen} runs an action under the stripe's lock, which is how the recorder makes
 * sure an inode's description is written before any other thread's event about that inode.
 */
final class InodeSet {
    private static final int STRIPES = 64;
    private final Stripe[] stripes = new Stripe[STRIPES];

    InodeSet() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    boolean contains(long dev, long ino) {
        long h = hash(dev, ino);
        Stripe s = stripes[(int) (h >>> 58)];
        synchronized (s) {
            return s.indexOf(dev, ino, h) >= 0;
        }
    }

    /**
     * Adds the pair and runs {@code action} while holding its stripe, unless the pair is already
     * present and {@code always} is false.
     *
     * @return true when the action ran
     */
    boolean addAndThen(long dev, long ino, boolean always, Runnable action) {
        long h = hash(dev, ino);
        Stripe s = stripes[(int) (h >>> 58)];
        synchronized (s) {
            boolean present = s.indexOf(dev, ino, h) >= 0;
            if (present && !always) {
                return false;
            }
            if (!present) {
                s.add(dev, ino, h);
            }
            action.run();
            return true;
        }
    }

    int size() {
        int n = 0;
        for (Stripe s : stripes) {
            synchronized (s) {
                n += s.size;
            }
        }
        return n;
    }

    private static long hash(long dev, long ino) {
        long h = ino * 0x9E3779B97F4A7C15L ^ dev * 0xC2B2AE3D27D4EB4FL;
        return h ^ (h >>> 29);
    }

    /** Linear probing over parallel arrays; a slot is free when its "used" flag is false. */
    private static final class Stripe {
        long[] devs = new long[64];
        long[] inos = new long[64];
        boolean[] used = new boolean[64];
        int size;

        int indexOf(long dev, long ino, long h) {
            int mask = used.length - 1;
            for (int i = (int) h & mask; used[i]; i = (i + 1) & mask) {
                if (inos[i] == ino && devs[i] == dev) {
                    return i;
                }
            }
            return -1;
        }

        void add(long dev, long ino, long h) {
            if ((size + 1) * 2 > used.length) {
                grow();
            }
            int mask = used.length - 1;
            int i = (int) h & mask;
            while (used[i]) {
                i = (i + 1) & mask;
            }
            used[i] = true;
            devs[i] = dev;
            inos[i] = ino;
            size++;
        }

        private void grow() {
            long[] od = devs;
            long[] oi = inos;
            boolean[] ou = used;
            devs = new long[od.length * 2];
            inos = new long[od.length * 2];
            used = new boolean[od.length * 2];
            size = 0;
            for (int i = 0; i < ou.length; i++) {
                if (ou[i]) {
                    add(od[i], oi[i], hash(od[i], oi[i]));
                }
            }
        }
    }
}
