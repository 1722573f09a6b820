package depset.trace;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams a trace: the header first, then events one at a time, then (after the last event) the
 * footer if the trace is whole.
 *
 * <p>Malformed input throws {@link TraceFormatException} naming the line. A trace without a footer
 * is <em>cut</em>: {@link #footer()} is then null and {@link #isComplete()} false; a partial last
 * line (a write cut mid-line) counts as cut, not as malformed. A footer whose counts differ from
 * the events read is malformed, and so is anything but blank lines after the footer. Gzip-compressed
 * traces are recognised by their magic bytes; bytes after the gzip stream are malformed ({@link GzipMembers}).
 *
 * <p>Lines are split on {@code '\n'} in one large buffer ({@link TraceLineInput}); each is parsed
 * by {@link TraceLineScanner} when it is in the writer's plain form (nearly every line), else by
 * Jackson. Blank lines are skipped; {@code '\r'} is whitespace.
 */
public final class TraceReader implements AutoCloseable, Iterable<TraceEvent> {
    private final String source;
    private final TraceLineInput input;
    private final TraceLineScanner scanner = new TraceLineScanner();
    private final TraceCodec.Line line = new TraceCodec.Line();
    private final TraceHeader header;
    private long lineNo;
    private long fileEvents;
    private long inodeEvents;
    private long processEvents;
    private long lastSeq;
    private TraceFooter footer;
    private boolean ended;
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
                in = new GzipMembers(in);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new TraceFormatException(source, 1, "not a readable gzip stream: " + e.getMessage());
            }
        }
        this.input = new TraceLineInput(in);
        if (!readObject(false)) {
            if (input.truncated()) {
                throw new TraceFormatException(source, Math.max(1, lineNo), "the gzip stream ends before the header does");
            }
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
        String rootProblem = FileNames.pathProblem(header.sourceRoot());
        if (rootProblem != null) {
            throw new TraceFormatException(source, lineNo, "field \"sourceRoot\" " + rootProblem);
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
     * Parses the next non-blank line into {@link #line}: by the fast path when the line is in the
     * writer's plain form, else by Jackson, whose verdict is final.
     *
     * @param allowCut whether broken JSON on the last line ends the trace as cut (a write cut
     *                 mid-line) instead of being malformed
     * @return false at the end of the input, or at a cut last line
     */
    private boolean readObject(boolean allowCut) {
        try {
            while (true) {
                if (!input.next()) {
                    return false;
                }
                byte[] buf = input.buffer();
                int from = input.start();
                int to = input.end();
                if ((from == to || buf[from] != '{') && input.isBlank()) {
                    continue; // whitespace between objects, as JSON allows
                }
                lineNo = input.lineNumber();
                if (footer != null) {
                    throw new TraceFormatException(source, lineNo, "text after the footer");
                }
                if (scanner.scan(buf, from, to, line)) {
                    return true;
                }
                String problem = parseWithJackson(buf, from, to);
                if (problem == null) {
                    return true;
                }
                if (input.isLast() && problem.equals(CUT_SHORT)) {
                    if (allowCut) {
                        return false;
                    }
                    if (input.truncated()) {
                        throw new TraceFormatException(source, lineNo, "the gzip stream ends before the header does");
                    }
                }
                throw new TraceFormatException(source, lineNo, "malformed line: " + problem);
            }
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(source, lineNo, "malformed line: " + JsonProblem.firstLine(e.getMessage()));
        } catch (TraceLineInput.LineTooLongException e) {
            throw new TraceFormatException(source, e.line(), e.getMessage());
        } catch (java.util.zip.ZipException e) {
            throw new TraceFormatException(source, lineNo,
                    "corrupt gzip data: " + JsonProblem.firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses one line with Jackson into {@link #line}.
     *
     * @return null when it parsed, else what is wrong with its JSON
     * @throws IllegalArgumentException when the JSON is sound but its fields are not
     */
    private String parseWithJackson(byte[] buf, int from, int to) {
        try (JsonParser p = TraceCodec.JSON.createParser(buf, from, to - from)) {
            line.parse(p);
            return null;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            if (e instanceof JsonEOFException || at != null && at.getByteOffset() >= to - from) {
                // The line ends inside the object: a line cut short, or an object spread over lines.
                // Only this may end a trace as cut; a sound line with a bad value is malformed.
                return CUT_SHORT;
            }
            return JsonProblem.what(e);
        } catch (IOException e) {
            // In memory, so only undecodable bytes (e.g. what looks like UTF-16 or UTF-32).
            return JsonProblem.firstLine(e.getMessage());
        }
    }

    /** What {@link #parseWithJackson} says of a line that ends inside its object. */
    private static final String CUT_SHORT = "the object does not end on its line";

    @Override
    public void close() throws IOException {
        input.close();
    }
}
