package depset.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import depset.closure.ClosureCost;
import depset.graph.AccessEdge;
import depset.graph.AccessKind;
import depset.graph.DependencyGraph;
import depset.graph.FileNode;
import depset.graph.ProcessNode;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.meta.LicenseTable;
import depset.meta.Owner;
import depset.meta.SecretFinding;
import depset.trace.FileType;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the report: one self-contained HTML file (style, script and data inline, nothing fetched at
 * view time) that a browser opens from disk. The data is one JSON document of tables (entries, reasons,
 * paths, processes) that the page turns into trees lazily: only expanded nodes are drawn, and long child
 * lists are drawn a page at a time, so a 50,000-process trace stays usable.
 */
public final class HtmlReport {
    /** The kinds of access the page names, by bit of the masks in the data: the analyzer's {@link AccessKind}s. */
    static final List<String> OP_GROUPS = opGroups();

    private static List<String> opGroups() {
        List<String> out = new ArrayList<>();
        for (AccessKind k : AccessKind.values()) {
            out.add(k.wireName());
        }
        return List.copyOf(out);
    }

    private HtmlReport() {
    }

    public static void write(ReportInput input, Path out) throws IOException {
        write(input, out, false);
    }

    /** Writes the report through the one output writer (whole or not at all; a symlink only with force). */
    public static void write(ReportInput input, Path out, boolean force) throws IOException {
        depset.output.OutputFile.writeText(out, force, w -> write(input, w));
    }

    public static void write(ReportInput input, Writer out) throws IOException {
        String template = resource("report.html");
        String data = dataJson(input)
                // Inside <script>, "</script>" or "<!--" in a path would end the element: JSON allows \u003c.
                .replace("<", "\\u003c");
        int at = template.indexOf("/*DATA*/");
        out.write(template.substring(0, at)
                .replace("/*CSS*/", resource("report.css") + resource("graph.css"))
                .replace("<!--TITLE-->", escapeHtml("depset report: " + input.sets().get(0).name())));
        out.write(data);
        String rest = template.substring(at + "/*DATA*/".length());
        int libs = rest.indexOf("/*LIBS*/");
        int js = rest.indexOf("/*JS*/");
        // Written piece by piece, not with replace(): library code may hold any text, placeholders too.
        out.write(rest.substring(0, libs));
        out.write(ReportLibraries.script());
        out.write(rest.substring(libs + "/*LIBS*/".length(), js));
        out.write(resource("report.js"));
        out.write(resource("graph.js"));
        out.write(resource("panels.js"));
        out.write(rest.substring(js + "/*JS*/".length()));
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream("/depset/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String dataJson(ReportInput in) throws IOException {
        StringWriter sw = new StringWriter();
        // Names are exact: a byte that is not UTF-8 is a lone surrogate, written as a \\u escape.
        JsonFactory factory = JsonFactory.builder().build().setCharacterEscapes(new depset.trace.SurrogateEscapes());
        try (JsonGenerator g = factory.createGenerator(sw)) {
            Manifest main = in.sets().get(0).manifest();
            g.writeStartObject();
            g.writeStringField("generated", Instant.now().toString());
            g.writeStringField("sourceRoot", main.sourceRoot());
            if (in.sourceBytes() != null) {
                g.writeNumberField("sourceBytes", in.sourceBytes());
            }
            g.writeArrayFieldStart("opGroups");
            for (String s : OP_GROUPS) {
                g.writeString(s);
            }
            g.writeEndArray();
            writeSets(g, in);
            Map<String, Integer> pkgIndex = writePackages(g, in.licenses());
            Map<String, Integer> secretIndex = writeSecrets(g, in.secrets());
            writeEntries(g, main, in.licenses(), pkgIndex, secretIndex);
            writeClosures(g, main);
            List<GraphModel.ProcessFacts> facts = new ArrayList<>();
            Map<String, Integer> paths = new LinkedHashMap<>();
            if (in.trace() != null) {
                writeTrace(g, in.trace(), facts, paths);
            } else if (!main.processes().isEmpty()) {
                writeProcessTable(g, main, facts, paths);
            }
            new GraphModel(in, facts, paths).write(g);
            if (in.verify() != null) {
                g.writeObjectFieldStart("verify");
                if (in.verify().passed() != null) {
                    g.writeBooleanField("passed", in.verify().passed());
                }
                g.writeArrayFieldStart("missing");
                for (String p : in.verify().missing()) {
                    g.writeString(p);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        return sw.toString();
    }

    /** What each closure added to the set and its bytes: [closure, entries, bytes]; absent when none did. */
    private static void writeClosures(JsonGenerator g, Manifest m) throws IOException {
        List<ClosureCost> costs = ClosureCost.of(m);
        if (costs.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("closures");
        for (ClosureCost c : costs) {
            g.writeStartArray();
            g.writeString(c.closure());
            g.writeNumber(c.files());
            g.writeNumber(c.bytes());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void writeSets(JsonGenerator g, ReportInput in) throws IOException {
        g.writeArrayFieldStart("sets");
        for (ReportInput.NamedSet s : in.sets()) {
            Manifest m = s.manifest();
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeStringField("strategy", m.strategy());
            g.writeNumberField("files", m.totals().files());
            g.writeNumberField("bytes", m.totals().bytes());
            g.writeArrayFieldStart("important");
            for (String i : m.important()) {
                g.writeString(i);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("command");
            for (String c : m.command()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static Map<String, Integer> writePackages(JsonGenerator g, LicenseTable t) throws IOException {
        Map<String, Integer> index = new HashMap<>();
        if (t == null) {
            return index;
        }
        g.writeArrayFieldStart("packages");
        for (LicenseTable.Row r : t.rows()) {
            index.put(r.pkg(), index.size());
            g.writeStartObject();
            g.writeStringField("name", r.pkg());
            g.writeStringField("version", r.version());
            g.writeStringField("licenses", r.copyright().summary());
            if (r.copyright().path() != null) {
                g.writeStringField("copyright", r.copyright().path());
            }
            g.writeNumberField("files", r.files());
            g.writeNumberField("bytes", r.bytes());
            g.writeEndObject();
        }
        g.writeEndArray();
        return index;
    }

    private static Map<String, Integer> writeSecrets(JsonGenerator g, List<SecretFinding> secrets) throws IOException {
        Map<String, Integer> index = new HashMap<>();
        g.writeArrayFieldStart("secrets");
        for (SecretFinding f : secrets) {
            index.put(f.path(), index.size());
            g.writeStartArray();
            g.writeString(f.path());
            g.writeString(f.kind());
            g.writeString(f.reason());
            g.writeEndArray();
        }
        g.writeEndArray();
        return index;
    }

    /**
     * Entries as arrays: [path, type letter, size, mode, uid, gid, target, [reason ids], package id or -1,
     * secret id or -1]; reasons in a table of their own, since thousands of entries share a handful.
     */
    private static void writeEntries(JsonGenerator g, Manifest m, LicenseTable t, Map<String, Integer> pkgIndex,
                                     Map<String, Integer> secretIndex) throws IOException {
        Map<Reason, Integer> reasons = new LinkedHashMap<>();
        g.writeArrayFieldStart("entries");
        for (ManifestEntry e : m.entries()) {
            g.writeStartArray();
            g.writeString(e.path());
            g.writeString(typeLetter(e.type()));
            g.writeNumber(e.size());
            g.writeNumber(e.mode());
            g.writeNumber(e.uid());
            g.writeNumber(e.gid());
            if (e.target() == null) {
                g.writeNull();
            } else {
                g.writeString(e.target());
            }
            g.writeStartArray();
            for (Reason r : e.reasons()) {
                g.writeNumber(reasons.computeIfAbsent(r, k -> reasons.size()));
            }
            g.writeEndArray();
            int pkg = -1;
            if (t != null) {
                List<Owner> owners = t.owners().get(e.path());
                if (owners != null && !owners.isEmpty()) {
                    pkg = pkgIndex.getOrDefault(owners.get(0).pkg(), -2); // -2: owned, but only directories shipped
                }
            }
            g.writeNumber(pkg);
            g.writeNumber(secretIndex.getOrDefault(e.path(), -1));
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("reasons");
        for (Reason r : reasons.keySet()) {
            g.writeStartArray();
            g.writeString(r.rule());
            g.writeNumber(r.pid());
            g.writeString(r.exe());
            g.writeString(r.operation());
            g.writeString(r.run());
            g.writeEndArray();
        }
        g.writeEndArray();
        if (t != null) {
            g.writeArrayFieldStart("unowned");
            for (ManifestEntry e : t.unowned()) {
                g.writeString(e.path());
            }
            g.writeEndArray();
        }
    }

    /**
     * The trace's graph: a path table, processes as [pid, parent index, exe, argv, phase, exit, [path id,
     * access kinds, …]], failed lookups (names probed that did not exist) as [path, requests, first pid].
     */
    private static void writeTrace(JsonGenerator g, DependencyGraph t, List<GraphModel.ProcessFacts> facts,
                                   Map<String, Integer> paths) throws IOException {
        g.writeObjectFieldStart("trace");
        g.writeStringField("sourceRoot", t.header().sourceRoot());
        g.writeStringField("startTime", t.header().startTime());
        g.writeStringField("host", t.header().host());
        g.writeArrayFieldStart("command");
        for (String c : t.header().command()) {
            g.writeString(c);
        }
        g.writeEndArray();
        g.writeBooleanField("complete", t.info().complete());
        g.writeNumberField("events", t.info().events());
        // The run's processes only: depset's own set-up is in no set, as the analyzer decides (inRun).
        List<ProcessNode> run = new ArrayList<>();
        Map<ProcessNode, Integer> index = new IdentityHashMap<>();
        for (ProcessNode p : t.processes()) {
            if (t.inRun(p)) {
                index.put(p, run.size());
                run.add(p);
            }
        }
        g.writeArrayFieldStart("procs");
        for (ProcessNode p : run) {
            g.writeStartArray();
            g.writeNumber(p.pid());
            g.writeNumber(p.parent() == null ? -1 : index.getOrDefault(p.parent(), -1));
            g.writeString(p.exe());
            g.writeString(String.join(" ", p.argv()));
            g.writeString(p.phase() == null ? null : p.phase().label());
            if (!p.exited()) {
                g.writeNull();
            } else {
                g.writeNumber(p.signal() != 0 ? 128 + p.signal() : p.exitCode());
            }
            g.writeStartArray();
            List<AccessEdge> touched = new ArrayList<>(t.accessesBy(p));
            touched.sort(java.util.Comparator.comparingLong(AccessEdge::firstSeq));
            List<Integer> ids = new ArrayList<>();
            for (AccessEdge a : touched) {
                int id = paths.computeIfAbsent(a.file().path(), k -> paths.size());
                ids.add(id);
                g.writeNumber(id);
                g.writeNumber(a.kindMask());
            }
            g.writeEndArray();
            g.writeEndArray();
            facts.add(GraphModel.facts(p, ids));
        }
        g.writeEndArray();
        writePaths(g, paths);
        List<FileNode> missing = new ArrayList<>();
        for (FileNode f : t.files()) {
            if (f.missing()) {
                missing.add(f);
            }
        }
        missing.sort(java.util.Comparator.comparing(FileNode::path));
        g.writeArrayFieldStart("failed");
        for (FileNode f : missing) {
            int count = 0;
            AccessEdge first = null;
            for (AccessEdge a : t.accessesTo(f)) {
                if (!t.inRun(a.process())) {
                    continue;
                }
                count += a.count();
                if (first == null || a.firstSeq() < first.firstSeq()) {
                    first = a;
                }
            }
            if (count == 0) {
                continue;
            }
            g.writeStartArray();
            g.writeString(f.path());
            g.writeNumber(count);
            g.writeNumber(first == null ? 0 : first.process().pid());
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * Without a trace, the set's own process table stands in for it: the processes its reasons name
     * and their ancestors, each with the entries its reasons name, so the tree and the why chains still work.
     */
    /** The "paths" array the processes' accesses index into, in the order they were numbered. */
    private static void writePaths(JsonGenerator g, Map<String, Integer> paths) throws IOException {
        g.writeArrayFieldStart("paths");
        for (String p : paths.keySet()) {
            g.writeString(p);
        }
        g.writeEndArray();
    }

    private static void writeProcessTable(JsonGenerator g, Manifest m, List<GraphModel.ProcessFacts> facts,
                                          Map<String, Integer> paths) throws IOException {
        List<depset.manifest.ManifestProcess> table = m.processes();
        Map<Integer, Integer> index = new HashMap<>();
        for (depset.manifest.ManifestProcess p : table) {
            index.put(p.pid(), index.size());
        }
        Map<Integer, Map<String, Integer>> touched = new HashMap<>();
        for (ManifestEntry e : m.entries()) {
            for (Reason r : e.reasons()) {
                if (r.pid() != 0 && index.containsKey(r.pid())) {
                    touched.computeIfAbsent(r.pid(), k -> new LinkedHashMap<>())
                            .merge(e.path(), operationGroup(r.operation()), (a, b) -> a | b);
                }
            }
        }
        g.writeObjectFieldStart("trace");
        g.writeBooleanField("fromSet", true);
        g.writeStringField("sourceRoot", m.sourceRoot());
        g.writeArrayFieldStart("command");
        for (String c : m.command()) {
            g.writeString(c);
        }
        g.writeEndArray();
        g.writeBooleanField("complete", true);
        g.writeNumberField("events", 0);
        g.writeArrayFieldStart("procs");
        for (depset.manifest.ManifestProcess p : table) {
            g.writeStartArray();
            g.writeNumber(p.pid());
            // a parent listed after its child (pid order is not fork order) is still found by index
            g.writeNumber(index.getOrDefault(p.ppid(), -1));
            g.writeString(p.exe());
            g.writeString(String.join(" ", p.argv()));
            g.writeString(p.phase() == null ? null : p.phase().label());
            g.writeNull();
            g.writeStartArray();
            List<Integer> ids = new ArrayList<>();
            for (Map.Entry<String, Integer> t : touched.getOrDefault(p.pid(), Map.of()).entrySet()) {
                int id = paths.computeIfAbsent(t.getKey(), k -> paths.size());
                ids.add(id);
                g.writeNumber(id);
                g.writeNumber(t.getValue());
            }
            g.writeEndArray();
            g.writeEndArray();
            facts.add(GraphModel.facts(p.pid(), p.exe(), p.argv(), ids));
        }
        g.writeEndArray();
        writePaths(g, paths);
        g.writeArrayFieldStart("failed");
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The access-kind bits of a reason's operation ("exec", "open,read", "probe-missing", …). */
    static int operationGroup(String operation) {
        int mask = 0;
        if (operation != null) {
            for (String part : operation.split(",")) {
                AccessKind k = AccessKind.fromWireName(part.trim());
                if (k != null) {
                    mask |= k.bit();
                }
            }
        }
        return mask;
    }

    private static String typeLetter(FileType t) {
        return switch (t) {
            case FILE -> "f";
            case DIRECTORY -> "d";
            case SYMLINK -> "l";
            case FIFO -> "p";
            case SOCKET -> "s";
            case CHAR_DEVICE -> "c";
            case BLOCK_DEVICE -> "b";
        };
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
