package depset.trace;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits a byte stream into lines ({@code '\n'}-terminated; the last may lack it), in place in
 * one large buffer: a line is a range of that buffer, valid until the next call. Counts lines
 * from 1. A gzip stream that ends early ({@link EOFException}: the writer was stopped mid-write)
 * ends the input there, and {@link #truncated()} says so. Not thread-safe.
 */
final class TraceLineInput implements Closeable {
    /** A line longer than this is not a trace line (argv is at most a few MiB, even escaped). */
    static final int MAX_LINE = 64 << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final InputStream in;
    private byte[] buf = new byte[1 << 18];
    /** The unread bytes are {@code [pos, limit)}. */
    private int pos;
    private int limit;
    private boolean eof;
    private boolean truncated;
    private long lineNo;
    private int start;
    private int end;
    private boolean terminated;

    TraceLineInput(InputStream in) {
        this.in = in;
    }

    /**
     * Advances to the next line.
     *
     * @return false at the end of the input
     * @throws LineTooLongException for a line longer than {@link #MAX_LINE}
     */
    boolean next() throws IOException {
        int from = pos;
        while (true) {
            int nl = indexOfNewline(buf, from, limit);
            if (nl >= 0) {
                start = pos;
                end = nl;
                pos = nl + 1;
                terminated = true;
                lineNo++;
                return true;
            }
            if (eof) {
                if (pos < limit) {
                    start = pos;
                    end = limit;
                    pos = limit;
                    terminated = false;
                    lineNo++;
                    return true;
                }
                return false;
            }
            int scanned = limit - pos;
            fill();
            from = pos + scanned;
        }
    }

    /** The buffer holding the current line. */
    byte[] buffer() {
        return buf;
    }

    /** Where the current line starts in {@link #buffer()}. */
    int start() {
        return start;
    }

    /** Where the current line ends (exclusive, without its newline). */
    int end() {
        return end;
    }

    /** The current line's number, from 1. */
    long lineNumber() {
        return lineNo;
    }

    /** Whether the current line holds nothing but JSON whitespace. */
    boolean isBlank() {
        for (int i = start; i < end; i++) {
            byte c = buf[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the current line is the last of the input (its newline, if any, is followed by
     * nothing). May read ahead: the current line's bytes are not valid afterwards.
     */
    boolean isLast() throws IOException {
        if (!terminated) {
            return true;
        }
        while (pos >= limit && !eof) {
            fill();
        }
        return pos >= limit;
    }

    /** Whether the input ended early: a gzip stream cut short. */
    boolean truncated() {
        return truncated;
    }

    /** Moves the unread bytes to the front, grows the buffer if they fill it, and reads more. */
    private void fill() throws IOException {
        int unread = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, unread);
            start -= pos;
            end -= pos;
            pos = 0;
            limit = unread;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw new LineTooLongException(lineNo + 1);
            }
            buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (EOFException e) {
            eof = true;
            truncated = true;
        }
    }

    /**
     * The index of the first {@code '\n'} in {@code b[from, to)}, or -1: eight bytes at a time
     * (a trace is gigabytes of lines, and a byte loop was a tenth of the reading time).
     */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            // A zero byte of x is a newline; the lowest flagged byte is exact (little-endian).
            long t = (x - ONES) & ~x & HIGHS;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A line longer than {@link #MAX_LINE}. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long line;

        LineTooLongException(long line) {
            super("line longer than " + (MAX_LINE >> 20) + " MiB: not a trace line");
            this.line = line;
        }

        long line() {
            return line;
        }
    }
}
