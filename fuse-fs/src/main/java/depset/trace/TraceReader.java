package depset.trace;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Streams a trace: the header first, then events one at a time, then (after the last event) the
 * footer if the trace is whole.
 *
 * <p>Malformed input throws {@link TraceFormatException} naming the line. A trace without a footer
 * is <em>cut</em>: {@link #footer()} is then null and {@link #isComplete()} false; a partial last
 * line (a write cut mid-line) counts as cut, not as malformed. A footer whose counts differ from
 * the events read is malformed. Gzip-compressed traces are recognised by their magic bytes.
 */
public final class TraceReader implements AutoCloseable, Iterable<TraceEvent> {
    private final String source;
    private final CountingInput counted;
    private final JsonParser parser;
    private final TraceCodec.Line line = new TraceCodec.Line();
    private final TraceHeader header;
    private long lineNo;
    private long fileEvents;
    private long inodeEvents;
    private long processEvents;
    private long lastSeq;
    private TraceFooter footer;
    private boolean ended;
    /** The line on which the previous object ended: the next one must start on a later line. */
    private long lastEndLine;
    /** True while the fields of an object are being read. */
    private boolean inObject;
    /** The byte offset at which the current object starts. */
    private long objectStart;
    private TraceEvent next;

    private TraceReader(String source, InputStream raw) throws IOException {
        this.source = source;
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                in = new GZIPInputStream(in, 1 << 16);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new TraceFormatException(source, 1, "not a readable gzip stream: " + e.getMessage());
            }
        }
        // One byte-level parser over the whole stream, not one parser per line: creating a parser
        // per line cost as much as the rest of the reading.
        this.counted = new CountingInput(in);
        try {
            this.parser = TraceCodec.JSON.createParser(counted);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new TraceFormatException(source, 1, "not a readable gzip stream: " + e.getMessage());
        }
        if (!readObject(false)) {
            throw new TraceFormatException(source, 1, "empty file: not a depset trace");
        }
        if (!"header".equals(line.kind)) {
            throw new TraceFormatException(source, lineNo, "the first line is not a trace header");
        }
        try {
            this.header = line.header();
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(source, lineNo, e.getMessage());
        }
        if (!TraceHeader.FORMAT.equals(header.format())) {
            throw new TraceFormatException(source, lineNo, "format \"" + header.format() + "\" is not "
                    + TraceHeader.FORMAT);
        }
        if (header.version() != TraceHeader.VERSION) {
            throw new TraceFormatException(source, lineNo, "trace format version " + header.version()
                    + " is not supported (this depset reads version " + TraceHeader.VERSION + ")");
        }
    }

    /** Opens a trace file. */
    public static TraceReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such trace file");
        }
        return new TraceReader(file.toString(), Files.newInputStream(file));
    }

    /** Reads a trace from a stream (closed with the reader). */
    public static TraceReader of(String source, InputStream in) throws IOException {
        return new TraceReader(source, in);
    }

    public TraceHeader header() {
        return header;
    }

    /** Whether another event follows; reads ahead one line. */
    public boolean hasNext() {
        if (next == null && !ended) {
            next = advance();
        }
        return next != null;
    }

    /** The next event. */
    public TraceEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        TraceEvent e = next;
        next = null;
        return e;
    }

    /** The footer; null until all events are read, and null for a cut trace. */
    public TraceFooter footer() {
        return footer;
    }

    /** True once all events are read and the trace ended with its footer. */
    public boolean isComplete() {
        return ended && footer != null;
    }

    /** True once all events are read; then {@link #isComplete()} tells whole from cut. */
    public boolean isEnded() {
        return ended;
    }

    /** The number of events read so far. */
    public long eventsRead() {
        return fileEvents + inodeEvents + processEvents;
    }

    /** Where this trace comes from, for messages. */
    public String source() {
        return source;
    }

    /** Iterates the remaining events, once. */
    @Override
    public Iterator<TraceEvent> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return TraceReader.this.hasNext();
            }

            @Override
            public TraceEvent next() {
                return TraceReader.this.next();
            }
        };
    }

    private TraceEvent advance() {
        if (!readObject(true)) {
            ended = true;
            return null;
        }
        if (footer != null) {
            throw new TraceFormatException(source, lineNo, "text after the footer");
        }
        try {
            switch (line.kind) {
                case "footer" -> {
                    footer = line.footer();
                    checkFooter();
                    return advance();
                }
                case "header" -> throw new IllegalArgumentException("a second header");
                default -> {
                    TraceEvent e = line.event();
                    if (e.seq() <= lastSeq) {
                        throw new IllegalArgumentException("sequence number " + e.seq() + " after " + lastSeq);
                    }
                    lastSeq = e.seq();
                    if (e instanceof FileEvent) {
                        fileEvents++;
                    } else if (e instanceof InodeEvent) {
                        inodeEvents++;
                    } else {
                        processEvents++;
                    }
                    return e;
                }
            }
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(source, lineNo, e.getMessage());
        }
    }

    private void checkFooter() {
        if (footer.events() != eventsRead() || footer.fileEvents() != fileEvents
                || footer.inodeEvents() != inodeEvents || footer.processEvents() != processEvents) {
            throw new IllegalArgumentException("footer counts " + footer.events() + " events (" + footer.fileEvents()
                    + " file, " + footer.inodeEvents() + " inode, " + footer.processEvents()
                    + " process) but the trace holds " + eventsRead() + " (" + fileEvents + " file, " + inodeEvents
                    + " inode, " + processEvents + " process)");
        }
    }

    /**
     * Parses the next object into {@link #line}.
     *
     * @param allowCut whether a broken last line ends the trace as cut (a write cut mid-line)
     *                 instead of being malformed
     * @return false at the end of the input, or at a cut last line
     */
    private boolean readObject(boolean allowCut) {
        try {
            JsonToken t = parser.nextToken();
            if (t == null) {
                return false;
            }
            lineNo = parser.currentTokenLocation().getLineNr();
            if (t != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            if (lineNo == lastEndLine) {
                throw new IllegalArgumentException("text after the JSON object");
            }
            inObject = true;
            objectStart = parser.currentTokenLocation().getByteOffset();
            line.parseFields(parser);
            inObject = false;
            lastEndLine = parser.currentLocation().getLineNr();
            if (lastEndLine != lineNo) {
                throw new IllegalArgumentException("the object does not end on its line");
            }
            return true;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            if (allowCut && onLastLine(e)) {
                return false;
            }
            // One object per line: a broken object is the line it starts on, even when the parser
            // only noticed on the next one.
            long where = inObject || at == null || at.getLineNr() <= 0 ? lineNo : at.getLineNr();
            throw new TraceFormatException(source, where, "malformed line: " + firstLine(e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(source, lineNo, "malformed line: " + firstLine(e.getMessage()));
        } catch (java.io.EOFException e) {
            // A gzip stream cut short (the writer was stopped mid-write): a cut trace, like a
            // plain one that ends mid-line.
            if (allowCut) {
                return false;
            }
            throw new TraceFormatException(source, lineNo, "the gzip stream ends before the header does");
        } catch (java.util.zip.ZipException e) {
            throw new TraceFormatException(source, lineNo, "corrupt gzip data: " + firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * True when a parse error lies on the last line of the input: the writer was cut mid-line.
     * Inside an object, what counts is the line the object starts on (the parser may notice a
     * broken line only on the next one).
     */
    private boolean onLastLine(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        long offset = inObject ? objectStart : at == null ? -1 : at.getByteOffset();
        if (offset < 0) {
            return e instanceof JsonEOFException;
        }
        try {
            return offset >= counted.lastLineStart();
        } catch (java.io.EOFException io) {
            return true; // a gzip stream cut short: the error is on the last line there is
        } catch (java.util.zip.ZipException io) {
            throw new TraceFormatException(source, lineNo, "corrupt gzip data: " + firstLine(io.getMessage()));
        } catch (IOException io) {
            throw new UncheckedIOException("cannot read " + source + ": " + io.getMessage(), io);
        }
    }

    private static String firstLine(String msg) {
        if (msg == null) {
            return "unknown error";
        }
        int cut = msg.indexOf('\n');
        return cut < 0 ? msg : msg.substring(0, cut);
    }

    /**
     * Counts the bytes the parser reads and remembers where the last two newlines were, so that
     * a parse error can be told to lie on the last line (cut) or before it (malformed).
     */
    private static final class CountingInput extends FilterInputStream {
        private long position;
        private long lastNewline = -1;
        private long previousNewline = -1;
        private boolean eof;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            eof |= b < 0;
            if (b >= 0) {
                if (b == '\n') {
                    previousNewline = lastNewline;
                    lastNewline = position;
                }
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            eof |= n < 0;
            if (n > 0) {
                // Only the last two newlines of a chunk matter: scan back from its end.
                int found = 0;
                long last = -1;
                long previous = -1;
                for (int i = off + n - 1; i >= off && found < 2; i--) {
                    if (buf[i] == '\n') {
                        if (found == 0) {
                            last = position + (i - off);
                        } else {
                            previous = position + (i - off);
                        }
                        found++;
                    }
                }
                if (found == 2) {
                    previousNewline = previous;
                    lastNewline = last;
                } else if (found == 1) {
                    previousNewline = lastNewline;
                    lastNewline = last;
                }
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("not supported");
        }

        /** Reads to the end, then returns the offset at which the last line starts. */
        long lastLineStart() throws IOException {
            // The parser may have reached the end (and closed the stream) already.
            byte[] buf = new byte[1 << 16];
            while (!eof && read(buf, 0, buf.length) >= 0) {
                // drain
            }
            // A final newline ends the last line rather than starting an empty one.
            long end = lastNewline == position - 1 ? previousNewline : lastNewline;
            return end + 1;
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
        counted.close();
    }
}
