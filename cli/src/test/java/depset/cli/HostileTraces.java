package depset.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small traces line by line, for hostile-input tests: each event is given as its JSON
 * fields without "seq" (numbered here), a header and a footer that counts them are added. What a
 * test wants broken it writes broken.
 */
final class HostileTraces {
    private final List<String> events = new ArrayList<>();
    private String root = "/srv/root";
    private long files;
    private long inodes;
    private long processes;

    /** A run of one process, pid 10, that opened /etc/a. */
    static HostileTraces simple() {
        return new HostileTraces()
                .event("\"k\":\"phase\",\"time\":1,\"pid\":10,\"phase\":\"run\",\"step\":\"\"")
                .event("\"k\":\"exec\",\"time\":1,\"pid\":10,\"tid\":10,\"exe\":\"/bin/cat\",\"argv\":[\"cat\"]")
                .inode("/")
                .inode("/etc")
                .file("/etc/a", 10);
    }

    HostileTraces root(String sourceRoot) {
        this.root = sourceRoot;
        return this;
    }

    /** An event; its "k" decides which footer count it adds to. */
    HostileTraces event(String fields) {
        if (fields.startsWith("\"k\":\"file\"")) {
            files++;
        } else if (fields.startsWith("\"k\":\"inode\"")) {
            inodes++;
        } else {
            processes++;
        }
        events.add(fields);
        return this;
    }

    HostileTraces inode(String path) {
        return event("\"k\":\"inode\",\"time\":1,\"dev\":1,\"ino\":" + (events.size() + 100) + ",\"path\":"
                + json(path) + ",\"type\":\"" + (path.equals("/") || path.equals("/etc") ? "directory" : "file")
                + "\",\"mode\":420,\"uid\":0,\"gid\":0,\"size\":1,\"nlink\":1,\"mtime\":1");
    }

    HostileTraces file(String path, long pid) {
        inode(path);
        return event("\"k\":\"file\",\"time\":1,\"op\":\"open\",\"path\":" + json(path) + ",\"ino\":" + (events.size() + 99)
                + ",\"dev\":1,\"tid\":" + pid + ",\"pid\":" + pid + ",\"uid\":0,\"gid\":0,\"flags\":0,\"result\":0");
    }

    /** The trace's text: header, events numbered from 1, footer (with {@code exitStatus}). */
    String text(String exitStatus) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"k\":\"header\",\"format\":\"depset-trace\",\"version\":1,\"sourceRoot\":").append(json(root))
                .append(",\"startTime\":\"2026-01-01T00:00:00Z\",\"host\":\"h\",\"depsetVersion\":\"t\",\"command\":[\"cat\"]}\n");
        long seq = 0;
        for (String e : events) {
            int comma = e.indexOf(',');
            sb.append('{').append(e, 0, comma).append(",\"seq\":").append(++seq).append(e.substring(comma)).append("}\n");
        }
        sb.append("{\"k\":\"footer\",\"events\":").append(seq).append(",\"fileEvents\":").append(files)
                .append(",\"inodeEvents\":").append(inodes).append(",\"processEvents\":").append(processes)
                .append(",\"endTime\":\"2026-01-01T00:00:01Z\",\"exitStatus\":").append(exitStatus).append("}\n");
        return sb.toString();
    }

    Path write(Path file) throws IOException {
        Files.writeString(file, text("0"), StandardCharsets.UTF_8);
        return file;
    }

    /** A JSON string (names given in FileNames' string form: lone surrogates as backslash-u escapes). */
    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
