package depset.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the thread id FUSE reports for a caller (its "pid" is a thread id) to the caller's
 * process, the thread group id.
 *
 * <p>On a miss it reads {@code Tgid:} from {@code /proc/<tid>/status}, which exists while the
 * caller is blocked in its request, and remembers it with the thread's start time. Thread ids
 * are reused once the kernel's pid counter wraps ({@code pid_max}, 32768 on many machines), so
 * a remembered answer is trusted for {@link #TRUST_NANOS} and then checked again by comparing
 * the start time in {@code /proc/<tid>/stat}: a reuse within that window would need the whole
 * pid space to be cycled in under a second. The process monitor can keep the cache exact
 * instead: {@link #learn} on fork, {@link #forget} on exit; learned answers are trusted until
 * forgotten.
 *
 * <p>Thread-safe: called from every FUSE worker thread and from the process monitor.
 */
public final class CallerResolver {
    /** How long an answer read from /proc is trusted before its start time is checked again. */
    static final long TRUST_NANOS = 1_000_000_000L;
    private static final long LEARNED = -1;

    private final ConcurrentHashMap<Integer, Entry> cache = new ConcurrentHashMap<>();
    private final Path proc;
    private final long trustNanos;

    public CallerResolver() {
        this(Path.of("/proc"), TRUST_NANOS);
    }

    /** A resolver reading {@code proc} (a stand-in for /proc in tests) and trusting answers that long. */
    CallerResolver(Path proc, long trustNanos) {
        this.proc = proc;
        this.trustNanos = trustNanos;
    }

    /** The process of thread {@code tid}; 0 for tid 0 (nobody) or when the thread is gone and unknown. */
    public int pidOf(int tid) {
        if (tid <= 0) {
            return 0;
        }
        Entry e = cache.get(tid);
        if (e != null) {
            if (e.startTime == LEARNED) {
                return e.tgid;
            }
            long now = System.nanoTime();
            if (now - e.checkedAt < trustNanos) {
                return e.tgid;
            }
            long start = startTime(tid);
            if (start == e.startTime) {
                cache.put(tid, new Entry(e.tgid, start, now));
                return e.tgid;
            }
            if (start < 0) {
                return e.tgid; // gone: the last answer is the best there is
            }
        }
        return readAndRemember(tid);
    }

    /** The process monitor saw thread {@code tid} start in process {@code tgid}. */
    public void learn(int tid, int tgid) {
        if (tid > 0) {
            cache.put(tid, new Entry(tgid, LEARNED, 0));
        }
    }

    /** The process monitor saw thread {@code tid} end; its id may be reused from now on. */
    public void forget(int tid) {
        cache.remove(tid);
    }

    /** Threads currently remembered. */
    public int size() {
        return cache.size();
    }

    private int readAndRemember(int tid) {
        long start = startTime(tid);
        int tgid = tgid(tid);
        if (tgid <= 0) {
            return 0;
        }
        // The start time is read before the Tgid: if the tid was reused in between, the next
        // check sees a different start time and reads again.
        cache.put(tid, new Entry(tgid, start, System.nanoTime()));
        return tgid;
    }

    private int tgid(int tid) {
        byte[] status = read(proc.resolve(Integer.toString(tid)).resolve("status"));
        if (status == null) {
            return 0;
        }
        String s = new String(status, StandardCharsets.US_ASCII);
        int at = s.indexOf("\nTgid:");
        if (at < 0) {
            return 0;
        }
        int i = at + 6;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        int v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i++) - '0');
        }
        return v;
    }

    /** Field 22 of /proc/<tid>/stat (start time in clock ticks since boot), or -1. */
    private long startTime(int tid) {
        byte[] stat = read(proc.resolve(Integer.toString(tid)).resolve("stat"));
        if (stat == null) {
            return -1;
        }
        // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
        int i = stat.length - 1;
        while (i >= 0 && stat[i] != ')') {
            i--;
        }
        int field = 2;
        for (i++; i < stat.length && field < 22; i++) {
            if (stat[i] == ' ') {
                field++;
            }
        }
        long v = 0;
        boolean any = false;
        for (; i < stat.length && stat[i] >= '0' && stat[i] <= '9'; i++) {
            v = v * 10 + (stat[i] - '0');
            any = true;
        }
        return any ? v : -1;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            return null;
        }
    }

    private record Entry(int tgid, long startTime, long checkedAt) {
    }
}
