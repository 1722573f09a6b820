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
    private static final int TEXT = 0;
    private static final int NUMBER = 1;
    private static final int BOOL = 2;
    private static final int STRINGS = 3;
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
    /** Each field name with its closing quote as two little-endian words and their masks, to match in place. */
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
            byte[] quoted = java.util.Arrays.copyOf(k, k.length + 1);
            quoted[k.length] = '"';
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
     * For each field, the field that followed it last time: the writer writes every kind of line
     * with its fields in one order, so the next name is nearly always the predicted one, checked
     * with two word compares instead of hashed and looked up.
     */
    private final int[] nextKey = new int[FIELDS.length + 1];
    private int previousKey;
    private byte[] b;
    private int p;
    private int end;
    /** The last string scanned. */
    private String text;
    /** The last number scanned. */
    private long number;

    /**
     * Parses the line {@code buf[from, to)} into {@code line}.
     *
     * @return false when the line is not in the plain form; {@code line} then holds garbage
     */
    boolean scan(byte[] buf, int from, int to, TraceCodec.Line line) {
        b = buf;
        p = from;
        end = to;
        previousKey = START;
        line.clear();
        skipSpace();
        if (p >= end || b[p] != '{') {
            return false;
        }
        p++;
        skipSpace();
        while (true) {
            int id = key();
            if (id < 0) {
                return false;
            }
            skipSpace();
            if (p >= end || b[p] != ':') {
                return false;
            }
            p++;
            skipSpace();
            if (!value(id, line)) {
                return false;
            }
            skipSpace();
            if (p >= end) {
                return false;
            }
            byte c = b[p++];
            if (c == '}') {
                break;
            }
            if (c != ',') {
                return false;
            }
            skipSpace();
        }
        skipSpace();
        line.plainNames = true;
        return p == end && line.kind != null;
    }

    private void skipSpace() {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            p++;
        }
    }

    /** A field name: its id, or -1 when it is not a plain known one. */
    private int key() {
        if (p >= end || b[p] != '"') {
            return -1;
        }
        int from = ++p;
        int guess = nextKey[previousKey];
        if (from + 16 <= b.length && guess >= 0) {
            long w1 = (long) LONGS.get(b, from);
            long w2 = (long) LONGS.get(b, from + 8);
            int quote = from + FIELDS[guess].length();
            if ((w1 & KEY_MASK1[guess]) == KEY_WORD1[guess] && (w2 & KEY_MASK2[guess]) == KEY_WORD2[guess]
                    && quote < end) {
                p = quote + 1;
                previousKey = guess;
                return guess;
            }
        }
        int h = 0;
        while (p < end) {
            byte c = b[p];
            if (c == '"') {
                int len = p - from;
                p++;
                int i = slot(h);
                while (true) {
                    byte[] k = KEY_BYTES[i];
                    if (k == null) {
                        return -1;
                    }
                    if (KEY_HASHES[i] == h && Arrays.equals(k, 0, k.length, b, from, from + len)) {
                        int id = KEY_IDS[i];
                        nextKey[previousKey] = id;
                        previousKey = id;
                        return id;
                    }
                    i = (i + 1) & (KEY_SLOTS - 1);
                }
            }
            if (c < 0x20 || c == '\\') {
                return -1;
            }
            h = 31 * h + c;
            p++;
        }
        return -1;
    }

    /** A plain string at {@code p} into {@link #text}; false when it is not one. */
    private boolean string() {
        if (p >= end || b[p] != '"') {
            return false;
        }
        int from = ++p;
        int q = from;
        // Eight bytes at a time to the first byte that is a quote, a backslash, a control byte or
        // not ASCII; only a quote ends a plain string, the rest are Jackson's.
        while (q + 8 <= end) {
            long x = (long) LONGS.get(b, q);
            long special = zeroBytes(x ^ 0x2222222222222222L) | zeroBytes(x ^ 0x5c5c5c5c5c5c5c5cL)
                    | ((x - 0x2020202020202020L) & ~x & HIGHS) | (x & HIGHS);
            if (special != 0) {
                q += Long.numberOfTrailingZeros(special) >>> 3;
                return endString(from, q);
            }
            q += 8;
        }
        for (; q < end; q++) {
            byte c = b[q];
            if (c == '"' || c < 0x20 || c == '\\') {
                return endString(from, q);
            }
        }
        return false;
    }

    private boolean endString(int from, int q) {
        if (q >= end || b[q] != '"') {
            return false;
        }
        int len = q - from;
        if (len > MAX_STRING) {
            return false;
        }
        text = names.get(b, from, len, hash(from, len));
        p = q + 1;
        return true;
    }

    /** Flags (high bit) the zero bytes of {@code x}; the lowest flag is exact, higher ones may be false. */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** A hash of {@code b[from, from + len)} from its length and three words: cheap, and good enough for paths. */
    private int hash(int from, int len) {
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

    /** An integer of at most 18 digits, as JSON writes it (no leading zeros), into {@link #number}. */
    private boolean integer() {
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
            v = v * 10 + d;
            p++;
        }
        int digits = p - from;
        if (digits == 0 || digits > 18 || digits > 1 && b[from] == '0') {
            return false;
        }
        // What follows must end the number: "1.5", "1e3" and "12x" are Jackson's to judge.
        if (p < end) {
            byte c = b[p];
            if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        number = negative ? -v : v;
        return true;
    }

    private boolean literal(String word) {
        int n = word.length();
        if (end - p < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[p + i] != word.charAt(i)) {
                return false;
            }
        }
        p += n;
        return true;
    }

    private boolean value(int id, TraceCodec.Line line) {
        switch (type(id)) {
            case TEXT -> {
                if (p < end && b[p] == 'n') {
                    if (!literal("null")) {
                        return false;
                    }
                    text = null;
                } else if (!string()) {
                    return false;
                }
                setText(id, line, text);
                return true;
            }
            case NUMBER -> {
                if (!integer()) {
                    return false;
                }
                setNumber(id, line, number);
                return true;
            }
            case BOOL -> {
                if (literal("true")) {
                    line.created = true;
                } else if (literal("false")) {
                    line.created = false;
                } else {
                    return false;
                }
                return true;
            }
            default -> {
                List<String> list = strings();
                if (list == null) {
                    return false;
                }
                if (id == ARGV) {
                    line.argv = list;
                } else {
                    line.command = list;
                }
                return true;
            }
        }
    }

    private List<String> strings() {
        if (p >= end || b[p] != '[') {
            return null;
        }
        p++;
        skipSpace();
        List<String> out = new ArrayList<>();
        if (p < end && b[p] == ']') {
            p++;
            return out;
        }
        while (true) {
            if (!string()) {
                return null;
            }
            out.add(text);
            skipSpace();
            if (p >= end) {
                return null;
            }
            byte c = b[p++];
            if (c == ']') {
                return out;
            }
            if (c != ',') {
                return null;
            }
            skipSpace();
        }
    }

    private static int type(int id) {
        if (id <= TARGET) {
            return TEXT;
        }
        if (id == CREATED) {
            return BOOL;
        }
        return id <= EXIT_STATUS ? NUMBER : STRINGS;
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
