package depset.trace;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Inflates a gzip file (RFC 1952), member after member, and refuses what
 * {@link java.util.zip.GZIPInputStream} silently drops: bytes after the last member that are not
 * another member. Each member's CRC-32 and length are checked. A stream that ends inside a member
 * throws {@link EOFException}, which {@link TraceLineInput} reads as a trace cut short.
 */
final class GzipMembers extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private boolean done;

    /** Opens {@code in}, which must start with a gzip header. */
    GzipMembers(InputStream in) throws IOException {
        this.in = in;
        header();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] out, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!done) {
            if (inflater.finished()) {
                pos = limit - inflater.getRemaining();
                trailer();
                if (!fill(1)) {
                    done = true;
                    break;
                }
                header(); // a next member (as "cat a.gz b.gz" makes)
                continue;
            }
            if (inflater.needsInput()) {
                if (!fill(1)) {
                    throw new EOFException("the gzip stream ends inside its data");
                }
                inflater.setInput(buf, pos, limit - pos);
                pos = limit;
            }
            try {
                int n = inflater.inflate(out, off, len);
                if (n > 0) {
                    crc.update(out, off, n);
                    return n;
                }
                if (inflater.needsDictionary()) {
                    throw new ZipException("a gzip stream with a preset dictionary");
                }
            } catch (DataFormatException e) {
                throw new ZipException(e.getMessage());
            }
        }
        return -1;
    }

    private void header() throws IOException {
        if (u8() != 0x1f || u8() != 0x8b) {
            throw new ZipException("bytes after the end of the gzip stream that are not another gzip member");
        }
        if (u8() != 8) {
            throw new ZipException("unsupported gzip compression method");
        }
        int flags = u8();
        skip(6); // mtime, extra flags, OS
        if ((flags & FEXTRA) != 0) {
            skip(u8() | u8() << 8);
        }
        if ((flags & FNAME) != 0) {
            while (u8() != 0) {
                // the original file name, not needed
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (u8() != 0) {
                // a comment, not needed
            }
        }
        if ((flags & FHCRC) != 0) {
            skip(2);
        }
        inflater.reset();
        crc.reset();
    }

    private void trailer() throws IOException {
        long expectedCrc = u32();
        long expectedSize = u32();
        if (expectedCrc != crc.getValue()) {
            throw new ZipException("gzip CRC-32 mismatch: the data is corrupt");
        }
        if (expectedSize != (inflater.getBytesWritten() & 0xFFFF_FFFFL)) {
            throw new ZipException("gzip length mismatch: the data is corrupt");
        }
    }

    private long u32() throws IOException {
        return u8() | (long) u8() << 8 | (long) u8() << 16 | (long) u8() << 24;
    }

    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            u8();
        }
    }

    private int u8() throws IOException {
        if (!fill(1)) {
            throw new EOFException("the gzip stream ends inside a header or trailer");
        }
        return buf[pos++] & 0xff;
    }

    /** Whether at least {@code n} (1) unread bytes are buffered, reading more when none are. */
    private boolean fill(int n) throws IOException {
        while (limit - pos < n) {
            if (pos == limit) {
                pos = 0;
                limit = 0;
            }
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                return false;
            }
            limit += r;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
