package depset.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Lines form of trace lines, in one place for the writer and the reader.
 *
 * <p>Every line is one JSON object whose {@code "k"} field says what it is: {@code header},
 * {@code file}, {@code fork}, {@code exec}, {@code exit}, {@code phase}, {@code footer}. Field
 * order is fixed on writing but not required on reading. Streaming (no tree model) because a
 * trace has millions of lines.
 */
final class TraceCodec {
    static final JsonFactory JSON = JsonFactory.builder().build();

    private TraceCodec() {
    }

    static void writeHeader(JsonGenerator g, TraceHeader h) throws IOException {
        g.writeStartObject();
        g.writeStringField("k", "header");
        g.writeStringField("format", h.format());
        g.writeNumberField("version", h.version());
        g.writeStringField("sourceRoot", h.sourceRoot());
        g.writeStringField("startTime", h.startTime());
        g.writeStringField("host", h.host());
        g.writeStringField("depsetVersion", h.depsetVersion());
        writeStrings(g, "command", h.command());
        if (h.kernelCache() != null) {
            g.writeStringField("kernelCache", h.kernelCache());
        }
        if (!h.sandboxMounts().isEmpty()) {
            writeStrings(g, "sandboxMounts", h.sandboxMounts());
        }
        g.writeEndObject();
    }

    static void writeFooter(JsonGenerator g, TraceFooter f) throws IOException {
        g.writeStartObject();
        g.writeStringField("k", "footer");
        g.writeNumberField("events", f.events());
        g.writeNumberField("fileEvents", f.fileEvents());
        g.writeNumberField("inodeEvents", f.inodeEvents());
        g.writeNumberField("processEvents", f.processEvents());
        g.writeStringField("endTime", f.endTime());
        g.writeNumberField("exitStatus", f.exitStatus());
        g.writeEndObject();
    }

    static void writeEvent(JsonGenerator g, TraceEvent event) throws IOException {
        g.writeStartObject();
        // Java 17 has no pattern switch (preview only): an instanceof chain over the sealed types.
        if (event instanceof FileEvent e) {
            g.writeStringField("k", "file");
            seqTime(g, e);
            g.writeStringField("op", e.op().wireName());
            g.writeStringField("path", e.path());
            if (e.path2() != null) {
                g.writeStringField("path2", e.path2());
            }
            g.writeNumberField("ino", e.ino());
            g.writeNumberField("dev", e.dev());
            g.writeNumberField("tid", e.tid());
            g.writeNumberField("pid", e.pid());
            g.writeNumberField("uid", e.uid());
            g.writeNumberField("gid", e.gid());
            g.writeNumberField("flags", e.flags());
            g.writeNumberField("result", e.result());
        } else if (event instanceof InodeEvent e) {
            g.writeStringField("k", "inode");
            seqTime(g, e);
            g.writeNumberField("dev", e.dev());
            g.writeNumberField("ino", e.ino());
            g.writeStringField("path", e.path());
            g.writeStringField("type", e.type().name().toLowerCase(java.util.Locale.ROOT));
            g.writeNumberField("mode", e.mode());
            g.writeNumberField("uid", e.uid());
            g.writeNumberField("gid", e.gid());
            g.writeNumberField("size", e.size());
            g.writeNumberField("nlink", e.nlink());
            g.writeNumberField("mtime", e.mtime());
            if (e.target() != null) {
                g.writeStringField("target", e.target());
            }
            if (e.created()) {
                g.writeBooleanField("created", true);
            }
        } else if (event instanceof ProcessEvent.Fork e) {
            g.writeStringField("k", "fork");
            seqTime(g, e);
            g.writeNumberField("ppid", e.parentPid());
            g.writeNumberField("ptid", e.parentTid());
            g.writeNumberField("pid", e.childPid());
            g.writeNumberField("tid", e.childTid());
        } else if (event instanceof ProcessEvent.Exec e) {
            g.writeStringField("k", "exec");
            seqTime(g, e);
            g.writeNumberField("pid", e.pid());
            g.writeNumberField("tid", e.tid());
            g.writeStringField("exe", e.exe());
            writeStrings(g, "argv", e.argv());
        } else if (event instanceof ProcessEvent.Exit e) {
            g.writeStringField("k", "exit");
            seqTime(g, e);
            g.writeNumberField("pid", e.pid());
            g.writeNumberField("tid", e.tid());
            g.writeNumberField("code", e.exitCode());
            g.writeNumberField("signal", e.signal());
        } else if (event instanceof ProcessEvent.PhaseMark e) {
            g.writeStringField("k", "phase");
            seqTime(g, e);
            g.writeNumberField("pid", e.pid());
            g.writeStringField("phase", e.phase().label());
            g.writeStringField("step", e.step());
        }
        g.writeEndObject();
    }

    private static void seqTime(JsonGenerator g, TraceEvent e) throws IOException {
        g.writeNumberField("seq", e.seq());
        g.writeNumberField("time", e.time());
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /**
     * The fields of one line, parsed without knowing yet what kind of line it is. Reused from
     * line to line by one reader: not thread-safe.
     */
    static final class Line {
        String kind;
        long seq = -1;
        long time;
        String op;
        String path;
        String path2;
        String exe;
        String phase;
        String step;
        String format;
        String sourceRoot;
        String startTime;
        String endTime;
        String host;
        String depsetVersion;
        String kernelCache;
        String type;
        String target;
        boolean created;
        long mode;
        long size;
        long nlink;
        long mtime;
        long inodeEvents;
        long ino;
        long dev;
        long tid;
        long pid;
        long ppid;
        long ptid;
        long uid;
        long gid;
        long flags;
        long result;
        long code;
        long signal;
        long version;
        long events = -1;
        long fileEvents;
        long processEvents;
        long exitStatus;
        List<String> argv;
        List<String> command;
        List<String> sandboxMounts;

        void clear() {
            kind = op = path = path2 = exe = phase = step = format = sourceRoot = startTime = endTime = host =
                    depsetVersion = kernelCache = type = target = null;
            created = false;
            mode = size = nlink = mtime = inodeEvents = 0;
            seq = events = -1;
            time = ino = dev = tid = pid = ppid = ptid = uid = gid = flags = result = code = signal = version =
                    fileEvents = processEvents = exitStatus = 0;
            argv = command = sandboxMounts = null;
        }

        /** Parses one line; throws IllegalArgumentException with the problem on bad input. */
        void parse(JsonParser p) throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                clear();
                throw new IllegalArgumentException("expected a JSON object");
            }
            parseFields(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("text after the JSON object");
            }
        }

        /**
         * Parses the fields of an object whose start the parser has just read, up to and
         * including its end; throws IllegalArgumentException with the problem on bad input.
         */
        void parseFields(JsonParser p) throws IOException {
            clear();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "k" -> kind = text(p, t, name);
                    case "op" -> op = text(p, t, name);
                    case "path" -> path = text(p, t, name);
                    case "path2" -> path2 = text(p, t, name);
                    case "exe" -> exe = text(p, t, name);
                    case "phase" -> phase = text(p, t, name);
                    case "step" -> step = text(p, t, name);
                    case "format" -> format = text(p, t, name);
                    case "sourceRoot" -> sourceRoot = text(p, t, name);
                    case "startTime" -> startTime = text(p, t, name);
                    case "endTime" -> endTime = text(p, t, name);
                    case "host" -> host = text(p, t, name);
                    case "depsetVersion" -> depsetVersion = text(p, t, name);
                    case "kernelCache" -> kernelCache = text(p, t, name);
                    case "type" -> type = text(p, t, name);
                    case "target" -> target = text(p, t, name);
                    case "created" -> created = bool(p, t, name);
                    case "mode" -> mode = number(p, t, name);
                    case "size" -> size = number(p, t, name);
                    case "nlink" -> nlink = number(p, t, name);
                    case "mtime" -> mtime = number(p, t, name);
                    case "inodeEvents" -> inodeEvents = number(p, t, name);
                    case "seq" -> seq = number(p, t, name);
                    case "time" -> time = number(p, t, name);
                    case "ino" -> ino = number(p, t, name);
                    case "dev" -> dev = number(p, t, name);
                    case "tid" -> tid = number(p, t, name);
                    case "pid" -> pid = number(p, t, name);
                    case "ppid" -> ppid = number(p, t, name);
                    case "ptid" -> ptid = number(p, t, name);
                    case "uid" -> uid = number(p, t, name);
                    case "gid" -> gid = number(p, t, name);
                    case "flags" -> flags = number(p, t, name);
                    case "result" -> result = number(p, t, name);
                    case "code" -> code = number(p, t, name);
                    case "signal" -> signal = number(p, t, name);
                    case "version" -> version = number(p, t, name);
                    case "events" -> events = number(p, t, name);
                    case "fileEvents" -> fileEvents = number(p, t, name);
                    case "processEvents" -> processEvents = number(p, t, name);
                    case "exitStatus" -> exitStatus = number(p, t, name);
                    case "argv" -> argv = strings(p, t, name);
                    case "command" -> command = strings(p, t, name);
                    case "sandboxMounts" -> sandboxMounts = strings(p, t, name);
                    default -> p.skipChildren(); // unknown fields are allowed: newer minor versions add some
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("unterminated JSON object");
            }
            if (kind == null) {
                throw new IllegalArgumentException("no \"k\" field saying what the line is");
            }
        }

        private static String text(JsonParser p, JsonToken t, String name) throws IOException {
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            if (t != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("field \"" + name + "\" must be a string");
            }
            return p.getText();
        }

        private static long number(JsonParser p, JsonToken t, String name) throws IOException {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalArgumentException("field \"" + name + "\" must be an integer");
            }
            return p.getLongValue();
        }

        private static boolean bool(JsonParser p, JsonToken t, String name) {
            if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                throw new IllegalArgumentException("field \"" + name + "\" must be true or false");
            }
            return t == JsonToken.VALUE_TRUE;
        }

        private static List<String> strings(JsonParser p, JsonToken t, String name) throws IOException {
            if (t != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("field \"" + name + "\" must be an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                if (e != JsonToken.VALUE_STRING) {
                    throw new IllegalArgumentException("field \"" + name + "\" must be an array of strings");
                }
                out.add(p.getText());
            }
            return out;
        }

        TraceHeader header() {
            require(format, "format");
            return new TraceHeader(format, in(version, "version", 0, Integer.MAX_VALUE), sourceRoot, startTime, host,
                    depsetVersion, command, kernelCache, sandboxMounts);
        }

        TraceFooter footer() {
            if (events < 0) {
                throw new IllegalArgumentException("footer without \"events\"");
            }
            // -1: no command (a depset mount session); 0–255 as wait(2) reports it, 128+N for signal N.
            return new TraceFooter(events, count(fileEvents, "fileEvents"), count(inodeEvents, "inodeEvents"),
                    count(processEvents, "processEvents"), endTime, in(exitStatus, "exitStatus", -1, 255));
        }

        // Every number is checked against the range of what it stands for, never cut to fit: a pid of
        // 2^32+3702 is not pid 3702. Ranges: pids and tids are positive ints (0: none); uids, gids and
        // flags are 32-bit (written signed); an errno is 0–4095; permission bits are 0–07777.
        TraceEvent event() {
            if (seq < 0) {
                throw new IllegalArgumentException("event without \"seq\"");
            }
            return switch (kind) {
                case "file" -> {
                    Op o = Op.fromWireName(require(op, "op"));
                    if (o == null) {
                        throw new IllegalArgumentException("unknown operation \"" + op + "\"");
                    }
                    // A symlink's path2 is the target as given (relative or not); elsewhere it is a path.
                    String second = path2 == null ? null : o == Op.SYMLINK ? target(path2, "path2") : path(path2, "path2");
                    yield new FileEvent(seq, time, o, path(require(path, "path"), "path"), second, dev, ino,
                            pid(tid, "tid"), pid(pid, "pid"), id(uid, "uid"), id(gid, "gid"), id(flags, "flags"),
                            in(result, "result", 0, 4095));
                }
                case "inode" -> {
                    FileType ft = type == null ? null : fileType(type);
                    if (ft == null) {
                        throw new IllegalArgumentException("unknown or missing file type \"" + type + "\"");
                    }
                    yield new InodeEvent(seq, time, dev, ino, path(require(path, "path"), "path"), ft,
                            in(mode, "mode", 0, 07777), id(uid, "uid"), id(gid, "gid"), count(size, "size"),
                            count(nlink, "nlink"), mtime, target == null ? null : target(target, "target"), created);
                }
                case "fork" -> new ProcessEvent.Fork(seq, time, pid(ppid, "ppid"), pid(ptid, "ptid"), pid(pid, "pid"),
                        pid(tid, "tid"));
                case "exec" -> new ProcessEvent.Exec(seq, time, pid(pid, "pid"), pid(tid, "tid"), exe, argv);
                case "exit" -> new ProcessEvent.Exit(seq, time, pid(pid, "pid"), pid(tid, "tid"),
                        in(code, "code", 0, 255), in(signal, "signal", 0, 127));
                case "phase" -> new ProcessEvent.PhaseMark(seq, time, pid(pid, "pid"),
                        Phase.of(require(phase, "phase")), step);
                default -> throw new IllegalArgumentException("unknown line kind \"" + kind + "\"");
            };
        }

        private static int in(long value, String field, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException("field \"" + field + "\" is " + value + ", outside " + min + "–" + max);
            }
            return (int) value;
        }

        private static int pid(long value, String field) {
            return in(value, field, 0, Integer.MAX_VALUE);
        }

        /** A 32-bit id or bit set, as written signed or unsigned. */
        private static int id(long value, String field) {
            return in(value, field, Integer.MIN_VALUE, 0xFFFF_FFFFL);
        }

        private static long count(long value, String field) {
            if (value < 0) {
                throw new IllegalArgumentException("field \"" + field + "\" is negative: " + value);
            }
            return value;
        }

        private static FileType fileType(String name) {
            for (FileType t : FileType.values()) {
                if (t.name().equalsIgnoreCase(name)) {
                    return t;
                }
            }
            return null;
        }

        /** A path field: a normal absolute path ({@link FileNames#pathProblem}), the one rule of every reader. */
        private static String path(String value, String field) {
            String problem = FileNames.pathProblem(value);
            if (problem != null) {
                throw new IllegalArgumentException("field \"" + field + "\" " + problem + ": "
                        + FileNames.printable(value));
            }
            return value;
        }

        /** A symlink target field: any non-empty name without NUL that fits PATH_MAX. */
        private static String target(String value, String field) {
            String problem = FileNames.targetProblem(value);
            if (problem != null) {
                throw new IllegalArgumentException("field \"" + field + "\" " + problem);
            }
            return value;
        }

        private static String require(String value, String name) {
            if (value == null) {
                throw new IllegalArgumentException("missing field \"" + name + "\"");
            }
            return value;
        }
    }
}
