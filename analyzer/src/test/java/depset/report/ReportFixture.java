package depset.report;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.meta.MiniDebian;
import depset.meta.SourceRoot;
import depset.trace.FileEvent;
import depset.trace.Op;
import depset.trace.OpenFlags;
import depset.trace.Phase;
import depset.trace.ProcessEvent;
import depset.trace.TraceHeader;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small but complete report input on disk: a Debian root with a dpkg database and a private key, a
 * trace of init › sh › {ls, vim}, the set computed from it, and a failed verify result.
 */
public final class ReportFixture {
    public final Path root;
    public final Path set;
    public final Path trace;
    public final Path verify;

    private ReportFixture(Path root, Path set, Path trace, Path verify) {
        this.root = root;
        this.set = set;
        this.trace = trace;
        this.verify = verify;
    }

    static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";

    public static ReportFixture build(Path dir) throws IOException {
        Path root = MiniDebian.build(Files.createDirectories(dir.resolve("root")));
        Files.createDirectories(root.resolve("srv/app/tls"));
        Files.writeString(root.resolve("srv/app/tls/server.key"), KEY);

        Path trace = dir.resolve("trace.jsonl");
        TraceHeader header = new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, root.toString(),
                "2026-01-01T00:00:00Z", "box", "test", List.of("/usr/bin/sh", "-c", "ls; vim /srv/app/app.py"));
        try (TraceWriter w = TraceWriter.create(trace, header)) {
            w.record(s -> new ProcessEvent.PhaseMark(s, 1, 1, Phase.WORK, "check"));
            w.record(s -> new ProcessEvent.Exec(s, 1, 1, 1, "/sbin/init", List.of("init")));
            w.record(s -> new ProcessEvent.Fork(s, 2, 1, 1, 10, 10));
            w.record(s -> new ProcessEvent.Exec(s, 3, 10, 10, "/usr/bin/sh", List.of("sh", "-c", "ls; vim app.py")));
            w.record(s -> new ProcessEvent.Fork(s, 4, 10, 10, 20, 20));
            w.record(s -> new FileEvent(s, 5, Op.OPEN, "/usr/bin/ls", null, 1, 5, 20, 20, 0, 0, OpenFlags.EXEC, 0));
            w.record(s -> new ProcessEvent.Exec(s, 6, 20, 20, "/usr/bin/ls", List.of("ls", "/srv")));
            w.record(s -> new FileEvent(s, 7, Op.GETATTR, "/etc/ld.so.preload", null, 0, 0, 20, 20, 0, 0, 0, 2));
            w.record(s -> new FileEvent(s, 8, Op.OPEN, "/etc/ld.so.cache", null, 1, 6, 20, 20, 0, 0, 0, 0));
            w.record(s -> new FileEvent(s, 9, Op.OPEN, "/usr/lib/x86_64-linux-gnu/libc.so.6", null, 1, 7, 20, 20, 0, 0, 0, 0));
            w.record(s -> new FileEvent(s, 10, Op.READDIR, "/srv", null, 1, 8, 20, 20, 0, 0, 0, 0));
            w.record(s -> new ProcessEvent.Exit(s, 11, 20, 20, 0, 0));
            w.record(s -> new ProcessEvent.Fork(s, 12, 10, 10, 30, 30));
            w.record(s -> new ProcessEvent.Exec(s, 13, 30, 30, "/usr/bin/vim.basic", List.of("vim", "app.py")));
            w.record(s -> new FileEvent(s, 14, Op.OPEN, "/usr/lib/x86_64-linux-gnu/libc.so.6", null, 1, 7, 30, 30, 0, 0, 0, 0));
            w.record(s -> new FileEvent(s, 15, Op.OPEN, "/srv/app/app.py", null, 1, 9, 30, 30, 0, 0, 0, 0));
            w.record(s -> new FileEvent(s, 16, Op.OPEN, "/srv/app/tls/server.key", null, 1, 10, 30, 30, 0, 0, 0, 0));
            w.record(s -> new FileEvent(s, 17, Op.GETATTR, "/home/nobody/.vimrc", null, 0, 0, 30, 30, 0, 0, 0, 2));
            w.record(s -> new ProcessEvent.Exit(s, 18, 30, 30, 1, 0));
            w.finish(0);
        }

        SourceRoot r = SourceRoot.of(root);
        List<ManifestEntry> entries = new ArrayList<>();
        String rule = "strict: touched by an important process or a descendant";
        add(entries, r, "/usr/bin/ls", new Reason(rule, 20, "/usr/bin/ls", "exec"));
        add(entries, r, "/etc/ld.so.cache", new Reason(rule, 20, "/usr/bin/ls", "open"));
        add(entries, r, "/usr/lib/x86_64-linux-gnu/libc.so.6", new Reason(rule, 20, "/usr/bin/ls", "open"),
                new Reason(rule, 30, "/usr/bin/vim.basic", "open"));
        add(entries, r, "/usr/bin/vim.basic", new Reason(rule, 30, "/usr/bin/vim.basic", "exec"));
        add(entries, r, "/srv/app/app.py", new Reason(rule, 30, "/usr/bin/vim.basic", "open"));
        add(entries, r, "/srv/app/tls/server.key", new Reason(rule, 30, "/usr/bin/vim.basic", "open"));
        for (String d : List.of("/usr", "/usr/bin", "/usr/lib", "/usr/lib/x86_64-linux-gnu", "/etc", "/srv", "/srv/app",
                "/srv/app/tls")) {
            add(entries, r, d, new Reason("parent-directory", 0, null, null));
        }
        add(entries, r, "/bin", new Reason("symlink-on-path", 10, "/usr/bin/sh", "readlink"));
        Manifest m = Manifest.of(root.toString(), "strict", List.of("sh"), List.of("/usr/bin/sh"),
                List.of(trace.toString()), entries);
        Path set = dir.resolve("strict.json");
        ManifestJson.write(m, set);

        Path verify = dir.resolve("verify.json");
        Files.writeString(verify, "{\"passed\": false, \"checks\": [{\"name\": \"tz\", \"missing\": [\"/usr/share/zoneinfo/UTC\"]}]}");
        return new ReportFixture(root, set, trace, verify);
    }

    private static void add(List<ManifestEntry> entries, SourceRoot r, String path, Reason... why) {
        ManifestEntry e = r.entry(path, List.of(why));
        if (e == null) {
            throw new IllegalStateException("fixture lacks " + path);
        }
        entries.add(e);
    }

    ReportInput input() throws IOException {
        return ReportLoader.load(List.of(set), trace, verify, null, root -> java.util.List.of(), n -> { });
    }
}
