package depset.vm.load;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The runs as a markdown table: per tracer, the best (fastest clean) of its repeats. */
final class LoadTable {
    private LoadTable() {
    }

    static String markdown(List<LoadRun> runs, List<Tracer> tracers, int requests, int concurrency) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%d requests, concurrency %d, ab from the visitor's network namespace; best of %d run(s)%n%n",
                requests, concurrency, runs.stream().filter(r -> r.tracer() == tracers.get(0)).count()));
        b.append("| run | req/s | mean latency ms | wall s | × native | failed | whole run s | trace events |"
                + " heap after GC MiB (1st → last slice) | no event lost |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        Optional<LoadRun> nativeRun = best(runs, Tracer.NATIVE);
        for (Tracer t : tracers) {
            List<LoadRun> of = runs.stream().filter(r -> r.tracer() == t).toList();
            LoadRun r = best(runs, t).orElse(of.get(of.size() - 1));
            if (r.ab().complete() == 0) {
                b.append(String.format("| %s | – | – | – | – | – | %.1f | %s | – | %s |%n", t.label(), r.runSeconds(),
                        events(r), r.problem().replace("|", "\\|")));
                continue;
            }
            String ratio = nativeRun.map(n -> String.format("%.2f", r.ab().seconds() / n.ab().seconds())).orElse("–");
            String lost = "–";
            if (t.isDepset()) {
                boolean all = of.stream().allMatch(x -> x.count() != null && x.count().noneLost());
                lost = (all ? "yes" : "**no**") + (of.size() > 1 ? " (all " + of.size() + " runs)" : "") + ": "
                        + r.count().describe();
            }
            String note = r.problem().isEmpty() ? "" : " (" + r.problem().replace("|", "\\|") + ")";
            b.append(String.format("| %s | %.1f | %.1f | %.2f | %s | %d%s | %.1f | %s | %s | %s |%n", t.label(),
                    r.ab().requestsPerSecond(), r.ab().meanLatencyMs(), r.ab().seconds(), ratio,
                    r.ab().failed() + r.ab().non2xx(), note, r.runSeconds(), events(r),
                    r.count() != null ? r.heapGrowth() : "–", lost));
        }
        return b.toString();
    }

    /** The fastest run that served every request, or any run that served some. */
    private static Optional<LoadRun> best(List<LoadRun> runs, Tracer t) {
        Comparator<LoadRun> fastest = Comparator.comparingDouble(r -> r.ab().seconds());
        Optional<LoadRun> clean = runs.stream().filter(r -> r.tracer() == t && r.clean()).min(fastest);
        return clean.isPresent() ? clean
                : runs.stream().filter(r -> r.tracer() == t && r.ab().complete() > 0).min(fastest);
    }

    private static String events(LoadRun r) {
        return r.events() < 0 ? "–" : String.format("%,d", r.events());
    }
}
