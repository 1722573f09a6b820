package depset.report;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.trace.FileEvent;
import depset.trace.FileType;
import depset.trace.Op;
import depset.trace.OpenFlags;
import depset.trace.ProcessEvent;
import depset.trace.TraceHeader;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic trace and set of a given size for the report's scale test and benchmark: init starts
 * {@code shells} shells, each shell {@code perShell} tools, each tool execs, opens three of
 * {@code files} data files (200 directories) and probes a missing name; the set takes every data file.
 *
 * @param trace the trace written
 * @param set   the strict set of it
 */
record SyntheticReport(Path trace, Path set) {
    static SyntheticReport write(Path dir, int shells, int perShell, int files) throws IOException {
        Path trace = dir.resolve("big.jsonl");
        TraceHeader header = new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, dir.toString(),
                "2026-01-01T00:00:00Z", "box", "test", List.of("/sbin/init"));
        int pid = 2;
        try (TraceWriter w = TraceWriter.create(trace, header)) {
            w.record(s -> new ProcessEvent.Exec(s, 0, 1, 1, "/sbin/init", List.of("init")));
            for (int sh = 0; sh < shells; sh++) {
                int shell = pid++;
                w.record(s -> new ProcessEvent.Fork(s, 0, 1, 1, shell, shell));
                w.record(s -> new ProcessEvent.Exec(s, 0, shell, shell, "/bin/sh", List.of("sh", "-c", "work")));
                for (int k = 0; k < perShell; k++) {
                    int child = pid++;
                    w.record(s -> new ProcessEvent.Fork(s, 0, shell, shell, child, child));
                    String exe = "/usr/bin/tool" + (child % 100);
                    w.record(s -> new FileEvent(s, 0, Op.OPEN, exe, null, 1, 100 + child % 100, child, child, 0, 0,
                            OpenFlags.EXEC, 0));
                    w.record(s -> new ProcessEvent.Exec(s, 0, child, child, exe, List.of("tool", "--n", "" + child)));
                    for (int j = 0; j < 3; j++) {
                        int fno = (child * 31 + j) % files; // one inode per file, as TraceFs records them
                        String file = "/srv/data/d" + (fno % 200) + "/f" + fno;
                        w.record(s -> new FileEvent(s, 0, Op.OPEN, file, null, 1, 1000 + fno, child, child, 0, 0, 0, 0));
                    }
                    w.record(s -> new FileEvent(s, 0, Op.GETATTR, "/etc/missing" + (child % 50), null, 0, 0, child,
                            child, 0, 0, 0, 2));
                    w.record(s -> new ProcessEvent.Exit(s, 0, child, child, 0, 0));
                }
            }
            w.finish(0);
        }
        List<ManifestEntry> entries = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            String path = "/srv/data/d" + (i % 200) + "/f" + i;
            entries.add(new ManifestEntry(path, FileType.FILE, 0644, 0, 0, 1000 + i, 0, null, null,
                    List.of(new Reason("strict: touched by an important process or a descendant", 2 + (i % 1000),
                            "/usr/bin/tool" + (i % 100), "open"))));
        }
        Path set = dir.resolve("big.json");
        ManifestJson.write(Manifest.of("/nonexistent", "strict", List.of("init"), List.of(), List.of(), entries), set);
        return new SyntheticReport(trace, set);
    }
}
