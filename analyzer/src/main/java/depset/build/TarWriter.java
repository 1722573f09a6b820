package depset.build;

import depset.trace.FileNames;
import depset.trace.FileType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a {@link BuildPlan} as a POSIX tar stream, reproducibly: entries in the plan's sorted
 * order, numeric owners only (no user or group names), whole-second mtimes (or one fixed mtime on
 * request), and nothing taken from the clock or the machine, so that the same source and manifest
 * give the same bytes.
 *
 * <p>Long and non-ASCII names, long link targets and xattrs go into a PAX extended header that this
 * class writes itself: commons-compress writes PAX values as UTF-8 text, but an xattr such as
 * {@code security.capability} is binary, and GNU tar reads {@code SCHILY.xattr.*} values as raw
 * bytes. Names and link targets are bytes, written exactly: the PAX {@code path}/{@code linkpath}
 * record holds the name's bytes as they are (UTF-8 or not; GNU tar extracts a record that is not
 * UTF-8 with its bytes as they are), and the ustar header field too (the stream's encoding is
 * ISO-8859-1 over {@link FileNames#toNative byte strings}, one char per byte). Sparse files are stored dense (their zeros compress away). The root directory itself is
 * not an entry.
 */
public final class TarWriter {
    private static final int USTAR_NAME = 100;
    private final SourceTree source;
    private final Long mtimeEpochSeconds;

    /**
     * @param mtimeEpochSeconds when not null, every entry's mtime (SOURCE_DATE_EPOCH style);
     *                          otherwise the source's, in whole seconds
     */
    public TarWriter(SourceTree source, Long mtimeEpochSeconds) {
        this.source = source;
        this.mtimeEpochSeconds = mtimeEpochSeconds;
    }

    /** Writes the plan as a tar to {@code out} (not closed); returns the tar's byte count. */
    public long write(BuildPlan plan, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out), "ISO-8859-1");
        // Never let commons-compress add its own PAX header: ours carries everything (see above).
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_TRUNCATE);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        tar.setAddPaxHeadersForNonAsciiNames(false);
        for (PlanItem item : plan.items()) {
            if (!item.path().equals("/")) {
                writeItem(tar, item);
            }
        }
        tar.finish();
        long n = tar.getBytesWritten();
        tar.close();
        return n;
    }

    private void writeItem(TarArchiveOutputStream tar, PlanItem item) throws IOException {
        SourceFile f = item.file();
        // Byte strings from here on: one char per byte of the name (see the class comment).
        String name = FileNames.toNative(f.relative() + (f.type() == FileType.DIRECTORY ? "/" : ""));
        String link = FileNames.toNative(item.hardLinkTo() != null ? item.hardLinkTo().substring(1) : f.target());
        TarArchiveEntry e;
        if (item.hardLinkTo() != null) {
            e = new TarArchiveEntry(name, TarConstants.LF_LINK);
        } else {
            e = switch (f.type()) {
                case FILE -> new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                case DIRECTORY -> new TarArchiveEntry(name, TarConstants.LF_DIR);
                case SYMLINK -> new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                case FIFO -> new TarArchiveEntry(name, TarConstants.LF_FIFO);
                case CHAR_DEVICE -> new TarArchiveEntry(name, TarConstants.LF_CHR);
                case BLOCK_DEVICE -> new TarArchiveEntry(name, TarConstants.LF_BLK);
                case SOCKET -> null; // made by its server, never archived (tar cannot hold one)
            };
            if (e == null) {
                return;
            }
        }
        e.setMode(f.mode());
        e.setUserId(f.uid());
        e.setGroupId(f.gid());
        e.setUserName("");
        e.setGroupName("");
        e.setModTime(1000L * (mtimeEpochSeconds != null ? mtimeEpochSeconds : Math.floorDiv(f.mtime(), 1_000_000_000L)));
        if (link != null) {
            e.setLinkName(link);
        }
        if (f.type() == FileType.CHAR_DEVICE || f.type() == FileType.BLOCK_DEVICE) {
            e.setDevMajor((int) (((f.rdev() >>> 8) & 0xfff) | ((f.rdev() >>> 32) & ~0xfffL)));
            e.setDevMinor((int) ((f.rdev() & 0xff) | ((f.rdev() >>> 12) & ~0xffL)));
        }
        Map<String, byte[]> pax = new LinkedHashMap<>();
        if (needsPax(name)) {
            pax.put("path", name.getBytes(StandardCharsets.ISO_8859_1));
        }
        if (link != null && needsPax(link)) {
            pax.put("linkpath", link.getBytes(StandardCharsets.ISO_8859_1));
        }
        if (item.hardLinkTo() == null) {
            f.xattrs().forEach((k, v) -> pax.put("SCHILY.xattr." + k, v));
        }
        boolean regular = f.type() == FileType.FILE && item.hardLinkTo() == null;
        FileChannel in = regular
                ? FileChannel.open(source.resolve(f.path()), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)
                : null;
        try {
            long size = regular ? in.size() : 0;
            e.setSize(size);
            if (!pax.isEmpty()) {
                writePax(tar, name, pax, e.getModTime().getTime());
            }
            tar.putArchiveEntry(e);
            if (regular) {
                copy(in, size, tar);
            }
            tar.closeArchiveEntry();
        } finally {
            if (in != null) {
                in.close();
            }
        }
    }

    private static boolean needsPax(String s) {
        if (s.length() > USTAR_NAME - 1) { // a byte string: one char per byte
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return true;
            }
        }
        return false;
    }

    /** A PAX 'x' header: records "LEN key=value\n", LEN counting the whole record in bytes. */
    private static void writePax(TarArchiveOutputStream tar, String name, Map<String, byte[]> records, long mtimeMillis)
            throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> r : records.entrySet()) {
            byte[] key = r.getKey().getBytes(StandardCharsets.UTF_8);
            int rest = 1 + key.length + 1 + r.getValue().length + 1; // " key=value\n"
            int len = rest + 1;
            while (Integer.toString(len).length() + rest != len) {
                len++;
            }
            body.write(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
            body.write(' ');
            body.write(key);
            body.write('=');
            body.write(r.getValue());
            body.write('\n');
        }
        String base = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        base = base.substring(base.lastIndexOf('/') + 1);
        String paxName = "PaxHeaders/" + asciiPrefix(base, 60);
        TarArchiveEntry x = new TarArchiveEntry(paxName, TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        x.setSize(body.size());
        x.setMode(0644);
        x.setUserName("");
        x.setGroupName("");
        x.setModTime(mtimeMillis);
        tar.putArchiveEntry(x);
        tar.write(body.toByteArray());
        tar.closeArchiveEntry();
    }

    private static String asciiPrefix(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x80 && c >= 0x20 ? c : '_');
        }
        return sb.toString();
    }

    /** Copies exactly {@code size} bytes; zeros if the file shrank since it was opened. */
    private static void copy(FileChannel in, long size, OutputStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long done = 0;
        while (done < size) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), size - done));
            int n = in.read(buf, done);
            if (n < 0) {
                Arrays.fill(buf.array(), 0, buf.limit(), (byte) 0);
                n = buf.limit();
            }
            out.write(buf.array(), 0, n);
            done += n;
        }
    }

    /** Lets the tar stream finish without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
