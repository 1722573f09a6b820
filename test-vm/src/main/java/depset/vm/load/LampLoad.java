package depset.vm.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import depset.sandbox.PrivateNamespace;
import depset.trace.FileEvent;
import depset.trace.Phase;
import depset.trace.TraceEvent;
import depset.trace.TraceFooter;
import depset.trace.TraceReader;
import depset.vm.guest.GuestBuilder;
import depset.vm.guest.GuestRecipes;
import depset.sandbox.HostCommand;
import depset.vm.host.HostScript;
import depset.vm.run.GuestNetwork;
import depset.vm.run.GuestSession;
import depset.vm.run.ShippedSequences;
import depset.vm.run.TracedSession;
import depset.vm.sequence.Check;
import depset.vm.sequence.Sequence;
import depset.vm.sequence.Step;
import depset.vm.sequence.StepKind;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The LAMP page under a load generator: the LAMP guest's services started by the sequence's own boot
 * steps, {@code ab} from the visitor's network namespace fetching the PHP page that reads MariaDB a
 * fixed number of times, then the halt steps, natively and under each tracer, side by side (the
 * tracers take turns within each repeat). Prints a markdown table (best of the repeats) on stdout.
 *
 * <pre>
 * java -cp cli/target/depset.jar depset.vm.load.LampLoad [--requests 2000] [--concurrency 8]
 *      [--slices 4] [--repeat 1] [--tracers native,depset,depset-no-passthrough,depset-no-cache,depset-fast,depset-cache-attributes,strace,strace-seccomp,reprozip]
 *      [--work DIR] [--json FILE]
 * </pre>
 *
 * Exit status 0 when every run served every request and depset lost no event, 1 otherwise, 2 for a
 * usage error. Needs root, /dev/fuse, ab (apache2-utils), and for depset's runs a private mount
 * namespace of its own (bench/lamp-load.sh makes one, as bin/depset does for {@code depset run}).
 */
public final class LampLoad {
    private static final Duration PAGE_WAIT = Duration.ofMinutes(3);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(30);

    private final Sequence sequence;
    private final Path guest;
    private final Path work;
    private final int requests;
    private final int concurrency;
    private final int slices;
    private final String url;
    private final String expected;

    LampLoad(Sequence sequence, Path guest, Path work, int requests, int concurrency, int slices) {
        this.sequence = sequence;
        this.guest = guest;
        this.work = work;
        this.requests = requests;
        this.concurrency = concurrency;
        this.slices = Math.max(1, Math.min(slices, requests));
        Step get = sequence.steps().stream().filter(s -> s.kind() == StepKind.GET).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(sequence.name() + " has no get step to load"));
        this.url = get.argument();
        this.expected = get.checks().stream().map(c -> c instanceof Check.OutputContains oc ? oc.text()
                : c instanceof Check.Line l ? l.text() : null).filter(t -> t != null).findFirst().orElse("");
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("--requests", "2000", "--concurrency", "8",
                "--slices", "4", "--repeat", "1", "--tracers", "native,depset,depset-no-passthrough,depset-no-cache,depset-fast,depset-cache-attributes,strace,strace-seccomp,reprozip"));
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length
                    || !List.of("--requests", "--concurrency", "--slices", "--repeat", "--tracers", "--work", "--json")
                    .contains(args[i])) {
                System.err.println("lamp-load: bad argument '" + args[i] + "'");
                return 2;
            }
            o.put(args[i], args[i + 1]);
        }
        List<Tracer> tracers = new ArrayList<>();
        try {
            for (String t : o.get("--tracers").split(",")) {
                tracers.add(Tracer.byKey(t.strip()));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("lamp-load: " + e.getMessage());
            return 2;
        }
        if (tracers.stream().anyMatch(Tracer::isDepset) && !PrivateNamespace.active()) {
            System.err.println("lamp-load: depset's runs need a private mount namespace of their own:"
                    + " start this through bench/lamp-load.sh (or PrivateNamespace.command)");
            return 2;
        }
        if (!ApacheBench.installed()) {
            System.err.println("lamp-load: " + ApacheBench.AB + " is missing (apt-get install apache2-utils)");
            return 1;
        }
        Sequence lamp = ShippedSequences.byName("lamp").orElseThrow();
        Path guest = GuestBuilder.fromEnvironment().obtain(GuestRecipes.lamp()).root();
        boolean ownWork = !o.containsKey("--work");
        Path work = ownWork ? Files.createTempDirectory("depset-lamp-load-") : Files.createDirectories(Path.of(o.get("--work")));
        LampLoad load = new LampLoad(lamp, guest, work, Integer.parseInt(o.get("--requests")),
                Integer.parseInt(o.get("--concurrency")), Integer.parseInt(o.get("--slices")));
        int repeat = Integer.parseInt(o.get("--repeat"));
        List<LoadRun> runs = new ArrayList<>();
        try {
            for (int r = 0; r < repeat; r++) {
                for (Tracer t : tracers) {
                    LoadRun run = load.run(t);
                    System.err.printf("lamp-load: %s: %d/%d requests, %d failed, %.2f s, %s%s%n", t.label(),
                            run.ab().complete(), load.requests, run.ab().failed(), run.ab().seconds(),
                            run.count() == null ? "" : run.count().describe(),
                            run.problem().isEmpty() ? "" : " — " + run.problem());
                    runs.add(run);
                }
            }
        } finally {
            if (ownWork) {
                HostCommand.removeTree(work);
            }
        }
        System.out.print(LoadTable.markdown(runs, tracers, load.requests, load.concurrency));
        if (o.containsKey("--json")) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of(o.get("--json")).toFile(),
                    runs);
        }
        return runs.stream().filter(r -> r.tracer() != Tracer.REPROZIP).allMatch(LoadRun::clean) ? 0 : 1;
    }

    /** One run of the load under {@code tracer}. */
    LoadRun run(Tracer tracer) throws IOException, InterruptedException {
        String missing = tracer.missingTool();
        if (missing != null) {
            return new LoadRun(tracer, ApacheBench.Result.NONE, 0, -1, missing, null, List.of(), List.of());
        }
        String name = tracer.key();
        Path trace = work.resolve(tracer.isDepset() ? name + ".jsonl" : tracer == Tracer.REPROZIP ? name : name + ".log");
        Path log = work.resolve(name + ".out");
        Path go = work.resolve(name + ".go");
        Files.deleteIfExists(go);
        Files.deleteIfExists(log);
        HostCommand.Result fifo = HostCommand.run(List.of("mkfifo", "-m", "600", go.toString()), Duration.ofSeconds(10));
        if (!fifo.ok()) {
            throw new IOException("cannot make the fifo " + go + ": " + fifo.lastLine());
        }
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lamp-load-" + name);
            t.setDaemon(true);
            return t;
        });
        ApacheBench.Result ab = ApacheBench.Result.NONE;
        List<Long> heap = new ArrayList<>();
        List<Long> served = new ArrayList<>();
        String problem = "";
        TracedSession traced = null;
        long t0 = System.nanoTime();
        try (GuestNetwork network = GuestNetwork.open(sequence.network());
             GuestSession session = tracer.sessions(trace, "lamp-load").open(guest, network.guestNamespace())) {
            traced = session instanceof TracedSession ts ? ts : null;
            // The script's stdin is a fifo: one line written to it lets the script halt the services.
            // (Opening a fifo blocks until both ends are open, so the writer opens in a thread.)
            Future<OutputStream> goAhead = threads.submit(() -> new FileOutputStream(go.toFile()));
            Future<Integer> script = threads.submit(() -> session.run(Phase.WORK, "lamp load",
                    List.of("/bin/sh", "-c", LoadScript.of(sequence)), Redirect.from(go.toFile()),
                    Redirect.appendTo(log.toFile()), SCRIPT_TIMEOUT));
            try {
                problem = awaitPage(network, script, log);
                if (problem.isEmpty()) {
                    heap.add(heapAfterGc());
                    if (traced != null) {
                        served.add(traced.requestsServed());
                    }
                    for (int s = 0; s < slices; s++) {
                        int n = requests / slices + (s < requests % slices ? 1 : 0);
                        ab = ab.plus(ApacheBench.run(network, url, n, concurrency));
                        heap.add(heapAfterGc());
                        if (traced != null) {
                            served.add(traced.requestsServed());
                        }
                    }
                }
            } finally {
                if (goAhead.isDone() || !script.isDone()) {
                    try (OutputStream out = goAhead.get(30, TimeUnit.SECONDS)) {
                        out.write("go\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (java.util.concurrent.ExecutionException | TimeoutException | IOException e) {
                        problem = problem.isEmpty() ? "cannot let the script go on: " + e : problem;
                    }
                }
            }
            try {
                int status = script.get(SCRIPT_TIMEOUT.toMinutes() + 1, TimeUnit.MINUTES);
                if (status != 0 && problem.isEmpty()) {
                    problem = "the services' script ended with " + status(status) + lastLine(log);
                }
            } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                problem = problem.isEmpty() ? "the services' script failed: " + e.getCause() : problem;
            }
        } finally {
            threads.shutdownNow();
        }
        double runSeconds = (System.nanoTime() - t0) / 1e9;
        LoadRun.EventCount count = null;
        long events;
        if (traced != null) {
            count = count(trace, traced);
            events = count.eventsInFile();
        } else {
            events = events(tracer, trace);
        }
        return new LoadRun(tracer, ab, runSeconds, events, problem, count, List.copyOf(heap), List.copyOf(served));
    }

    /** Waits until the visitor gets the page with its row; "" then, else why not. */
    private String awaitPage(GuestNetwork network, Future<Integer> script, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PAGE_WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (script.isDone()) {
                return "the services' script ended before the page answered" + lastLine(log);
            }
            Process p = network.startVisitor(HostScript.HTTP_GET.argv(url, "5"));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            if (out.contains(expected)) {
                return "";
            }
            last = out.strip();
            Thread.sleep(300);
        }
        return "the page did not answer with '" + expected + "' within " + PAGE_WAIT.toMinutes() + " min: " + last;
    }

    /** depset's trace read back and counted, against TraceFs's own count of the requests it served. */
    private static LoadRun.EventCount count(Path trace, TracedSession session) throws IOException {
        TraceFooter footer = session.footer();
        long events = 0;
        long fileEvents = 0;
        boolean complete;
        try (TraceReader r = TraceReader.open(trace)) {
            for (TraceEvent e : r) {
                events++;
                if (e instanceof FileEvent) {
                    fileEvents++;
                }
            }
            complete = r.isComplete() && footer != null;
        } catch (depset.trace.TraceFormatException e) {
            throw new IOException("depset's trace does not read: " + e.getMessage(), e);
        }
        return new LoadRun.EventCount(complete, footer == null ? -1 : footer.events(), events,
                footer == null ? -1 : footer.fileEvents(), fileEvents, session.requestsServed(),
                session.requestsUnrecorded());
    }

    /** What another tracer recorded: strace's lines, or the rows of ReproZip's database. */
    private static long events(Tracer tracer, Path trace) throws IOException {
        if (tracer == Tracer.STRACE || tracer == Tracer.STRACE_SECCOMP) {
            if (!Files.isRegularFile(trace)) {
                return -1;
            }
            try (Stream<String> lines = Files.lines(trace, StandardCharsets.ISO_8859_1)) {
                return lines.count();
            }
        }
        Path db = trace.resolve("trace.sqlite3");
        if (tracer != Tracer.REPROZIP || !Files.isRegularFile(db)) {
            return -1;
        }
        HostCommand.Result r = HostCommand.run(HostScript.REPROZIP_EVENTS.argv(db.toString()), Duration.ofMinutes(1));
        try {
            return r.ok() ? Long.parseLong(r.lastLine().strip()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Heap in use after a full collection (depset's daemon is this JVM); outside the timed slices. */
    private static long heapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        Thread.sleep(100);
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static String status(int status) {
        return status > 128 ? "signal " + (status - 128) + (status == 139 ? " (segmentation fault)" : "")
                : "status " + status;
    }

    /** The log's last line, or a tracer's own last word on why it gave up (ReproZip's CRITICAL line). */
    private static String lastLine(Path log) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            List<String> critical = all.stream().filter(l -> l.contains(" CRITICAL: ")).toList();
            List<String> lines = critical.isEmpty() ? all.stream().filter(l -> !l.isBlank()).toList() : critical;
            if (lines.isEmpty()) {
                return "";
            }
            String l = lines.get(lines.size() - 1).strip();
            return " (" + (l.length() > 160 ? l.substring(0, 160) + "…" : l) + ")";
        } catch (IOException e) {
            return "";
        }
    }
}
