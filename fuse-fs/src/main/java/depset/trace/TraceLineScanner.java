package depset.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fast path of the trace reader: parses one line straight from its bytes into a
 * {@link TraceCodec.Line}, for lines in the plain form the writer produces — one flat object of
 * known fields whose strings are printable ASCII without escapes and whose numbers are integers
 * of at most 18 digits. Anything else (escapes, non-ASCII names, unknown fields, wrong types,
 * broken JSON) it declines, and the reader hands the line to Jackson, whose verdict — the value
 * or the error — is the definitive one; so on the lines it accepts this parser must agree with
 * Jackson, and it never has to produce an error itself. Jackson's generic tokenizer cost more
 * than half of the analyzer's time on a 10-million-event trace; this is a few times faster.
 * Not thread-safe.
 */
final class TraceLineScanner {
    /** Longer strings go to Jackson, which enforces its own limits on them. */
    private static final int MAX_STRING = 64 << 10;

    // Field ids: the index in FIELDS.
    private static final int K = 0;
    private static final int OP = 1;
    private static final int PATH = 2;
    private static final int PATH2 = 3;
    private static final int EXE = 4;
    private static final int PHASE = 5;
    private static final int STEP = 6;
    private static final int FORMAT = 7;
    private static final int SOURCE_ROOT = 8;
    private static final int START_TIME = 9;
    private static final int END_TIME = 10;
    private static final int HOST = 11;
    private static final int DEPSET_VERSION = 12;
    private static final int TYPE = 13;
    private static final int TARGET = 14;
    private static final int CREATED = 15;
    private static final int MODE = 16;
    private static final int SIZE = 17;
    private static final int NLINK = 18;
    private static final int MTIME = 19;
    private static final int INODE_EVENTS = 20;
    private static final int SEQ = 21;
    private static final int TIME = 22;
    private static final int INO = 23;
    private static final int DEV = 24;
    private static final int TID = 25;
    private static final int PID = 26;
    private static final int PPID = 27;
    private static final int PTID = 28;
    private static final int UID = 29;
    private static final int GID = 30;
    private static final int FLAGS = 31;
    private static final int RESULT = 32;
    private static final int CODE = 33;
    private static final int SIGNAL = 34;
    private static final int VERSION = 35;
    private static final int EVENTS = 36;
    private static final int FILE_EVENTS = 37;
    private static final int PROCESS_EVENTS = 38;
    private static final int EXIT_STATUS = 39;
    private static final int ARGV = 40;
    private static final int COMMAND = 41;
    private static final String[] FIELDS = {"k", "op", "path", "path2", "exe", "phase", "step", "format", "sourceRoot",
        "startTime", "endTime", "host", "depsetVersion", "type", "target", "created", "mode", "size", "nlink", "mtime",
        "inodeEvents", "seq", "time", "ino", "dev", "tid", "pid", "ppid", "ptid", "uid", "gid", "flags", "result", "code",
        "signal", "version", "events", "fileEvents", "processEvents", "exitStatus", "argv", "command"};
    private static final int START = FIELDS.length;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    /** Each field name with its closing quote and colon as two little-endian words and their masks, to match in place. */
    private static final long[] KEY_WORD1 = new long[FIELDS.length];
    private static final long[] KEY_MASK1 = new long[FIELDS.length];
    private static final long[] KEY_WORD2 = new long[FIELDS.length];
    private static final long[] KEY_MASK2 = new long[FIELDS.length];
    private static final int KEY_SLOTS = 256;
    private static final byte[][] KEY_BYTES = new byte[KEY_SLOTS][];
    private static final int[] KEY_IDS = new int[KEY_SLOTS];
    private static final int[] KEY_HASHES = new int[KEY_SLOTS];

    static {
        for (int id = 0; id < FIELDS.length; id++) {
            byte[] k = FIELDS[id].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int h = 0;
            for (byte c : k) {
                h = 31 * h + c;
            }
            int i = slot(h);
            while (KEY_BYTES[i] != null) {
                i = (i + 1) & (KEY_SLOTS - 1);
            }
            KEY_BYTES[i] = k;
            KEY_IDS[i] = id;
            KEY_HASHES[i] = h;
            byte[] quoted = java.util.Arrays.copyOf(k, k.length + 2);
            quoted[k.length] = '"';
            quoted[k.length + 1] = ':';
            for (int j = 0; j < quoted.length; j++) {
                long bits = (quoted[j] & 0xffL) << (8 * (j & 7));
                long mask = 0xffL << (8 * (j & 7));
                if (j < 8) {
                    KEY_WORD1[id] |= bits;
                    KEY_MASK1[id] |= mask;
                } else {
                    KEY_WORD2[id] |= bits;
                    KEY_MASK2[id] |= mask;
                }
            }
        }
    }

    private final NameTable names = new NameTable();
    /**
     * For each kind of line and field, the field that followed it last time: the writer writes
     * every kind of line with its fields in one order, so the next name is nearly always the
     * predicted one, checked with two word compares instead of hashed and looked up. Kinds are
     * told apart by the hash of the "k" value (colliding kinds only predict worse).
     */
    private final int[] nextKey = new int[32 * (FIELDS.length + 1)];
    /** The last string scanned (the helpers return the new position). */
    private String text;
    /** The last number scanned. */
    private long number;

    // The hot path is one method with its position in a local and small helpers the JIT
    // inlines: with the position in a field and larger helpers (calls), a line cost twice as much.

    /**
     * Parses the line {@code b[from, end)} into {@code line}.
     *
     * @return false when the line is not in the plain form; {@code line} then holds garbage
     */
    boolean scan(byte[] b, int from, int end, TraceCodec.Line line) {
        line.clear();
        int p = skipSpace(b, from, end);
        if (p >= end || b[p] != '{') {
            return false;
        }
        p = skipSpace(b, p + 1, end);
        int row = 0;
        int previous = START;
        while (true) {
            if (p >= end || b[p] != '"') {
                return false;
            }
            int keyFrom = p + 1;
            int id = nextKey[row + previous];
            int colon = keyFrom + FIELDS[id].length() + 1;
            if (colon < end && keyFrom + 16 <= b.length
                    && ((long) LONGS.get(b, keyFrom) & KEY_MASK1[id]) == KEY_WORD1[id]
                    && ((long) LONGS.get(b, keyFrom + 8) & KEY_MASK2[id]) == KEY_WORD2[id]) {
                p = colon + 1;
            } else {
                id = keyId(b, keyFrom, end);
                if (id < 0) {
                    return false;
                }
                nextKey[row + previous] = id;
                p = skipSpace(b, keyFrom + FIELDS[id].length() + 1, end);
                if (p >= end || b[p] != ':') {
                    return false;
                }
                p++;
            }
            previous = id;
            if (p < end && b[p] <= ' ') {
                p = skipSpace(b, p, end);
            }
            if (p >= end) {
                return false;
            }
            if (id > CREATED && id <= EXIT_STATUS) {
                p = integer(b, p, end);
                if (p < 0) {
                    return false;
                }
                setNumber(id, line, number);
            } else if (id <= TARGET) {
                if (b[p] == '"') {
                    p = string(b, p + 1, end);
                    if (p < 0) {
                        return false;
                    }
                } else {
                    p = literal(b, p, end, NULL);
                    if (p < 0) {
                        return false;
                    }
                    text = null;
                }
                if (id == K) {
                    line.kind = text;
                    row = text == null ? 0 : (text.hashCode() & 31) * (FIELDS.length + 1);
                } else {
                    setText(id, line, text);
                }
            } else {
                p = otherValue(id, b, p, end, line);
                if (p < 0) {
                    return false;
                }
            }
            if (p < end && b[p] <= ' ') {
                p = skipSpace(b, p, end);
            }
            if (p >= end) {
                return false;
            }
            byte c = b[p++];
            if (c == ',') {
                if (p < end && b[p] <= ' ') {
                    p = skipSpace(b, p, end);
                }
            } else if (c == '}') {
                break;
            } else {
                return false;
            }
        }
        return skipSpace(b, p, end) == end && line.kind != null;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static int skipSpace(byte[] b, int p, int end) {
        while (p < end && isSpace(b[p])) {
            p++;
        }
        return p;
    }

    /** The id of the plain known field name starting at {@code from} (after its quote), or -1. */
    private static int keyId(byte[] b, int from, int end) {
        int h = 0;
        for (int p = from; p < end; p++) {
            byte c = b[p];
            if (c == '"') {
                int len = p - from;
                int i = slot(h);
                while (true) {
                    byte[] k = KEY_BYTES[i];
                    if (k == null) {
                        return -1;
                    }
                    if (KEY_HASHES[i] == h && Arrays.equals(k, 0, k.length, b, from, from + len)) {
                        return KEY_IDS[i];
                    }
                    i = (i + 1) & (KEY_SLOTS - 1);
                }
            }
            if (c < 0x20 || c == '\\') {
                return -1;
            }
            h = 31 * h + c;
        }
        return -1;
    }

    /**
     * A plain string whose first byte is at {@code from} (after the quote) into {@link #text}:
     * the position after its closing quote, or -1 when it is not plain.
     */
    private int string(byte[] b, int from, int end) {
        int q = from;
        // Eight bytes at a time to the first byte that is a quote, a backslash, a control byte or
        // not ASCII; only a quote ends a plain string, the rest are Jackson's.
        while (q + 8 <= end) {
            long x = (long) LONGS.get(b, q);
            long special = zeroBytes(x ^ 0x2222222222222222L) | zeroBytes(x ^ 0x5c5c5c5c5c5c5c5cL)
                    | ((x - 0x2020202020202020L) & ~x & HIGHS) | (x & HIGHS);
            if (special != 0) {
                q += Long.numberOfTrailingZeros(special) >>> 3;
                return endString(b, from, q, end);
            }
            q += 8;
        }
        while (q < end && b[q] >= 0x20 && b[q] != '"' && b[q] != '\\') {
            q++;
        }
        return endString(b, from, q, end);
    }

    private int endString(byte[] b, int from, int q, int end) {
        int len = q - from;
        if (q >= end || b[q] != '"' || len > MAX_STRING) {
            return -1;
        }
        text = names.get(b, from, len, hash(b, from, len));
        return q + 1;
    }

    /** Flags (high bit) the zero bytes of {@code x}; the lowest flag is exact, higher ones may be false. */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** A hash of {@code b[from, from + len)} from its length and three words: cheap, and good enough for paths. */
    private static int hash(byte[] b, int from, int len) {
        long h;
        if (len >= 8) {
            h = (long) LONGS.get(b, from) * 0x9E3779B97F4A7C15L;
            h = (h ^ (long) LONGS.get(b, from + ((len - 8) >>> 1))) * 0xC2B2AE3D27D4EB4FL;
            h = (h ^ (long) LONGS.get(b, from + len - 8)) * 0x9E3779B97F4A7C15L;
        } else {
            h = 0;
            for (int i = 0; i < len; i++) {
                h = (h << 8) | (b[from + i] & 0xff);
            }
            h *= 0x9E3779B97F4A7C15L;
        }
        h ^= len;
        return (int) (h ^ (h >>> 32));
    }

    /**
     * An integer at {@code p} into {@link #number}: the position after it, or -1 when it is not
     * one as JSON writes it (no leading zeros, no fraction or exponent) that fits a long.
     */
    private int integer(byte[] b, int p, int end) {
        if (p + 8 <= b.length && b[p] != '-') {
            // Up to seven digits at once (SWAR): find the first byte that is not a digit, then
            // combine the digits pairwise in three multiplications.
            long x = (long) LONGS.get(b, p);
            long nonDigit = ((x & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L)
                    | (((x + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L);
            int n = Long.numberOfTrailingZeros(nonDigit) >>> 3; // 8 when all are digits
            if (n > 0 && n < 8 && p + n < end && (n == 1 || (x & 0xff) != '0') && ends(b[p + n])) {
                long d = (x & ((1L << (8 * n)) - 1)) << (8 * (8 - n)); // leading zeros
                d = ((d & 0x0F0F0F0F0F0F0F0FL) * 2561) >>> 8;
                d = ((d & 0x00FF00FF00FF00FFL) * 6553601) >>> 16;
                number = ((d & 0x0000FFFF0000FFFFL) * 42949672960001L) >>> 32;
                return p + n;
            }
        }
        return longInteger(b, p, end);
    }

    /** {@link #integer} the slow way: negative, long, or at the end of the buffer. */
    private int longInteger(byte[] b, int p, int end) {
        boolean negative = p < end && b[p] == '-';
        if (negative) {
            p++;
        }
        int from = p;
        long v = 0;
        while (p < end) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (p - from >= 18 && (p - from >= 19 || v > (Long.MAX_VALUE - d) / 10)) {
                return -1; // more than a long holds: Jackson's to judge
            }
            v = v * 10 + d;
            p++;
        }
        int digits = p - from;
        // What follows must end the number: "1.5", "1e3" and "12x" are Jackson's to judge.
        if (digits == 0 || digits > 1 && b[from] == '0' || p < end && !ends(b[p])) {
            return -1;
        }
        number = negative ? -v : v;
        return p;
    }

    /** Whether {@code c} may follow a number. */
    private static boolean ends(byte c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r';
    }

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /** The position after {@code word} at {@code p}, or -1 when it is not there. */
    private static int literal(byte[] b, int p, int end, byte[] word) {
        int n = word.length;
        if (end - p < n || !Arrays.equals(b, p, p + n, word, 0, n)) {
            return -1;
        }
        return p + n;
    }

    /** The value of "created", "argv" or "command": the position after it, or -1. */
    private int otherValue(int id, byte[] b, int p, int end, TraceCodec.Line line) {
        if (id == CREATED) {
            int q = literal(b, p, end, TRUE);
            if (q >= 0) {
                line.created = true;
                return q;
            }
            q = literal(b, p, end, FALSE);
            line.created = false;
            return q;
        }
        if (b[p] != '[') {
            return -1;
        }
        p = skipSpace(b, p + 1, end);
        List<String> out = new ArrayList<>();
        if (p < end && b[p] == ']') {
            p++;
        } else {
            while (true) {
                if (p >= end || b[p] != '"') {
                    return -1;
                }
                p = string(b, p + 1, end);
                if (p < 0) {
                    return -1;
                }
                out.add(text);
                p = skipSpace(b, p, end);
                if (p >= end) {
                    return -1;
                }
                byte c = b[p++];
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    return -1;
                }
                p = skipSpace(b, p, end);
            }
        }
        if (id == ARGV) {
            line.argv = out;
        } else {
            line.command = out;
        }
        return p;
    }

    private static void setText(int id, TraceCodec.Line l, String v) {
        switch (id) {
            case K -> l.kind = v;
            case OP -> l.op = v;
            case PATH -> l.path = v;
            case PATH2 -> l.path2 = v;
            case EXE -> l.exe = v;
            case PHASE -> l.phase = v;
            case STEP -> l.step = v;
            case FORMAT -> l.format = v;
            case SOURCE_ROOT -> l.sourceRoot = v;
            case START_TIME -> l.startTime = v;
            case END_TIME -> l.endTime = v;
            case HOST -> l.host = v;
            case DEPSET_VERSION -> l.depsetVersion = v;
            case TYPE -> l.type = v;
            default -> l.target = v;
        }
    }

    private static void setNumber(int id, TraceCodec.Line l, long v) {
        switch (id) {
            case MODE -> l.mode = v;
            case SIZE -> l.size = v;
            case NLINK -> l.nlink = v;
            case MTIME -> l.mtime = v;
            case INODE_EVENTS -> l.inodeEvents = v;
            case SEQ -> l.seq = v;
            case TIME -> l.time = v;
            case INO -> l.ino = v;
            case DEV -> l.dev = v;
            case TID -> l.tid = v;
            case PID -> l.pid = v;
            case PPID -> l.ppid = v;
            case PTID -> l.ptid = v;
            case UID -> l.uid = v;
            case GID -> l.gid = v;
            case FLAGS -> l.flags = v;
            case RESULT -> l.result = v;
            case CODE -> l.code = v;
            case SIGNAL -> l.signal = v;
            case VERSION -> l.version = v;
            case EVENTS -> l.events = v;
            case FILE_EVENTS -> l.fileEvents = v;
            case PROCESS_EVENTS -> l.processEvents = v;
            default -> l.exitStatus = v;
        }
    }

    private static int slot(int h) {
        h *= 0x9E3779B9;
        return (h ^ (h >>> 16)) & (KEY_SLOTS - 1);
    }
}
