package depset.report;

import depset.hosts.Flow;
import depset.hosts.FlowsFile;
import depset.hosts.HostImportance;
import depset.manifest.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The page of a multi-host run: its hosts side by side, each with its set (entries, size, largest top
 * directories, important processes and why) and a link to its own full report, and the flows between
 * them drawn as a graph (an SVG: a box per party, an arrow per flow labelled with the port and the
 * processes at both ends) and listed. Static HTML: it needs no script to be read.
 */
public final class HostsReport {
    private static final int BOX_W = 190;
    private static final int BOX_H = 56;
    private static final int GAP = 150;

    private HostsReport() {
    }

    /**
     * One host of the page.
     *
     * @param name   the host's name
     * @param set    its set
     * @param report its full report's file name (relative to the page), or null
     */
    public record HostSet(String name, Manifest set, String report) {
    }

    /** Writes the page of {@code run} with its hosts' sets to {@code out}. */
    public static void write(String title, FlowsFile run, List<HostSet> hosts, Path out) throws IOException {
        Files.writeString(out, html(title, run, hosts), StandardCharsets.UTF_8);
    }

    static String html(String title, FlowsFile run, List<HostSet> hosts) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc("depset report: " + title)).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:1.5em;color:#222}")
                .append("#hosts{display:flex;gap:1.5em;align-items:flex-start}")
                .append(".host{border:1px solid #aaa;border-radius:6px;padding:.8em 1.2em;min-width:18em}")
                .append(".host h2{margin:.1em 0 .4em}table{border-collapse:collapse}td,th{padding:.1em .6em;text-align:left}")
                .append("td.n{text-align:right}.flow{font-family:monospace}")
                .append("</style></head>\n<body data-ready=\"true\">\n<h1>").append(esc(title)).append(": ")
                .append(hosts.size()).append(" hosts</h1>\n<section id=\"hosts\">\n");
        // Each set shows the important processes it was made with: a set from `analyze
        // --no-flow-importance` has no process that flows alone made important.
        List<HostImportance.Added> added = HostImportance.added(run);
        for (HostSet hs : hosts) {
            Manifest m = hs.set();
            h.append("<div class=\"host\" data-host=\"").append(esc(hs.name())).append("\">\n<h2>")
                    .append(esc(hs.name())).append("</h2>\n<p>").append(esc(run.hosts().getOrDefault(hs.name(), "")))
                    .append(" · strategy ").append(esc(m.strategy())).append("</p>\n<p class=\"size\">")
                    .append(String.format(Locale.ROOT, "%,d entries, %.1f MB", m.totals().files(),
                            m.totals().bytes() / 1e6)).append("</p>\n<p>important: ")
                    .append(esc(String.join(", ", m.important()))).append("</p>\n");
            for (HostImportance.Added a : added) {
                if (a.host().equals(hs.name()) && m.important().contains(a.process())) {
                    h.append("<p class=\"why-important\">").append(esc(a.describe())).append("</p>\n");
                }
            }
            h.append("<table><tr><th>top directory</th><th>entries</th><th>MB</th></tr>\n");
            Map<String, Manifest.TopDirectory> top = new TreeMap<>(m.totals().perTopDirectory());
            top.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().bytes(), a.getValue().bytes())).limit(8)
                    .forEach(e -> h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">")
                            .append(e.getValue().files()).append("</td><td class=\"n\">")
                            .append(String.format(Locale.ROOT, "%.1f", e.getValue().bytes() / 1e6))
                            .append("</td></tr>\n"));
            h.append("</table>\n");
            if (hs.report() != null) {
                h.append("<p><a href=\"").append(esc(hs.report())).append("\">").append(esc(hs.name()))
                        .append("'s full report</a></p>\n");
            }
            h.append("</div>\n");
        }
        h.append("</section>\n<section id=\"flows\">\n<h2>Flows</h2>\n");
        h.append(svg(run, hosts));
        h.append("<ul>\n");
        for (Flow f : run.flows()) {
            h.append("<li class=\"flow\" data-client=\"").append(esc(f.client())).append("\" data-server=\"")
                    .append(esc(f.server())).append("\" data-port=\"").append(f.port()).append("\">")
                    .append(esc(f.describe())).append(" <small>first seen ").append(esc(f.firstSeen()))
                    .append("</small></li>\n");
        }
        h.append("</ul>\n<p><small>Flows are read from every host's TCP sockets (sock_diag) at each step's start and end"
                + " and every 250 ms: a connection opened and closed between two readings can be missed, or seen"
                + " without its client's process (?).</small></p>\n</section>\n</body></html>\n");
        return h.toString();
    }

    /** The flows graph: the visitor (when it talks) on the left, then the hosts in order, an arrow per flow. */
    private static String svg(FlowsFile run, List<HostSet> hosts) {
        List<String> parties = new ArrayList<>();
        if (run.flows().stream().anyMatch(f -> f.client().equals(Flow.VISITOR))) {
            parties.add(Flow.VISITOR);
        }
        hosts.forEach(hs -> parties.add(hs.name()));
        int width = parties.size() * (BOX_W + GAP);
        int height = BOX_H + 60 + 40 * run.flows().size();
        StringBuilder s = new StringBuilder();
        s.append("<svg id=\"flow-graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\">\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\""
                        + " refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">"
                        + "<path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n");
        for (int i = 0; i < parties.size(); i++) {
            int x = 10 + i * (BOX_W + GAP);
            s.append("<g class=\"node\" data-party=\"").append(esc(parties.get(i))).append("\"><rect x=\"").append(x)
                    .append("\" y=\"10\" width=\"").append(BOX_W).append("\" height=\"").append(BOX_H)
                    .append("\" rx=\"6\" fill=\"#eef\" stroke=\"#447\"/><text x=\"").append(x + BOX_W / 2)
                    .append("\" y=\"34\" text-anchor=\"middle\" font-weight=\"bold\">").append(esc(parties.get(i)))
                    .append("</text><text x=\"").append(x + BOX_W / 2).append("\" y=\"52\" text-anchor=\"middle\""
                            + " font-size=\"12\">").append(esc(run.hosts().getOrDefault(parties.get(i), "")))
                    .append("</text></g>\n");
        }
        int row = 0;
        for (Flow f : run.flows()) {
            int from = parties.indexOf(f.client());
            int to = parties.indexOf(f.server());
            if (from < 0 || to < 0) {
                continue;
            }
            int y = BOX_H + 40 + 40 * row++;
            int x1 = 10 + from * (BOX_W + GAP) + BOX_W / 2;
            int x2 = 10 + to * (BOX_W + GAP) + BOX_W / 2;
            s.append("<g class=\"edge\" data-client=\"").append(esc(f.client())).append("\" data-server=\"")
                    .append(esc(f.server())).append("\" data-port=\"").append(f.port()).append("\">")
                    .append("<path d=\"M").append(x1).append(',').append(BOX_H + 10).append(" V").append(y).append(" H")
                    .append(x2).append(" V").append(BOX_H + 12).append("\" fill=\"none\" stroke=\"#447\""
                            + " marker-end=\"url(#arrow)\"/><text x=\"").append((x1 + x2) / 2).append("\" y=\"")
                    .append(y - 5).append("\" text-anchor=\"middle\" font-size=\"12\">")
                    .append(esc(procs(f.clientProcesses()) + " → :" + f.port() + " " + procs(f.serverProcesses())))
                    .append("</text></g>\n");
        }
        return s.append("</svg>\n").toString();
    }

    private static String procs(List<String> p) {
        return p.isEmpty() ? "?" : String.join(",", p);
    }

    private static String esc(String s) {
        return HtmlReport.escapeHtml(s).replace("\"", "&quot;");
    }
}
