package depset.trace;

import com.fasterxml.jackson.core.JsonParser;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    private final BufferedReader in;
    private final TraceCodec.Line line = new TraceCodec.Line();
    private final TraceHeader header;
    private long lineNo;
    private long fileEvents;
    private long inodeEvents;
    private long processEvents;
    private long lastSeq;
    private TraceFooter footer;
    private boolean ended;
    private boolean cutMidLine;
    private boolean inputCut;
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
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String first = readLine();
        if (first == null) {
            throw new TraceFormatException(source, 1, "empty file: not a depset trace");
        }
        parse(first);
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
        String text = readLine();
        if (text == null) {
            ended = true;
            return null;
        }
        if (footer != null) {
            throw new TraceFormatException(source, lineNo, "text after the footer");
        }
        try {
            parse(text);
        } catch (TraceFormatException e) {
            if (cutMidLine && peekEnd()) {
                ended = true; // the writer was cut mid-line: a cut trace, not a malformed one
                return null;
            }
            throw e;
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

    private boolean peekEnd() {
        try {
            return readLine() == null;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private void parse(String text) {
        try (JsonParser p = TraceCodec.JSON.createParser(text)) {
            line.parse(p);
        } catch (IOException | IllegalArgumentException e) {
            String msg = e.getMessage();
            int cut = msg == null ? -1 : msg.indexOf('\n');
            throw new TraceFormatException(source, lineNo, "malformed line: " + (cut < 0 ? msg : msg.substring(0, cut)));
        }
    }

    private String readLine() {
        if (inputCut) {
            return null;
        }
        try {
            String s = in.readLine();
            if (s != null) {
                lineNo++;
                // BufferedReader hides whether the last line had its newline; a parse failure on
                // the last line is treated as a cut write either way.
                cutMidLine = true;
            }
            return s;
        } catch (java.io.EOFException e) {
            // A gzip stream cut short (the writer was stopped mid-write): a cut trace, like a
            // plain one that ends mid-line.
            inputCut = true;
            return null;
        } catch (java.util.zip.ZipException e) {
            throw new TraceFormatException(source, lineNo + 1, "corrupt gzip data: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
