package depset.vm.run;

import depset.sandbox.HostCommand;
import depset.vm.host.HostScript;
import depset.vm.sequence.Check;
import depset.vm.sequence.Sequence;
import depset.vm.sequence.Step;
import depset.vm.sequence.StepKind;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a sequence in a root tree, step by step, in one {@link GuestSession}: boot, run and halt steps
 * as processes started inside the guest, start steps as daemons in the background ({@link Daemon}),
 * typed lines in a {@link LoginShell} on a pseudo-terminal, client steps from the visitor's network
 * namespace and local steps from the guest's ({@link GuestNetwork}), waits and file checks by depset
 * from outside the guest. A multi-host sequence runs each host in a session of its own, all on one
 * virtual LAN ({@link GuestNetwork#lan}), each step in its host's session. It stops at the first step
 * that fails its checks or its timeout; the rest
 * are reported as skipped. Closing the session ends every process it started, on every way out.
 */
public final class SequenceRunner {
    /** Each host's sessions, by host name ("" for the one guest of a one-host sequence). */
    private final Function<String, GuestSessionFactory> sessions;
    private final boolean keepGoing;

    public SequenceRunner(GuestSessionFactory sessions) {
        this(sessions, false);
    }

    /**
     * A runner whose hosts each get their sessions from {@code sessions.apply(hostName)}: a traced
     * run writes one trace per host.
     */
    public SequenceRunner(Function<String, GuestSessionFactory> sessions, boolean keepGoing) {
        this.sessions = sessions;
        this.keepGoing = keepGoing;
    }

    /**
     * @param keepGoing run every step even after one failed (steps that need the failed login are
     *                  reported as failed): a repair round then sees everything the sequence misses,
     *                  not only what its first failing step missed
     */
    public SequenceRunner(GuestSessionFactory sessions, boolean keepGoing) {
        this(host -> sessions, keepGoing);
    }

    /** A runner that runs sequences natively, untraced, in plain chroots. */
    public static SequenceRunner natively() {
        return new SequenceRunner(ChrootSession.factory());
    }

    /**
     * Runs {@code sequence} in {@code root} (its own {@code root} line is not read: the caller has
     * resolved it).
     *
     * @throws IOException when the session or the visitor's network cannot be set up at all
     */
    public SequenceResult run(Sequence sequence, Path root) throws IOException {
        if (sequence.multiHost()) {
            throw new IllegalArgumentException(sequence.name() + " declares hosts: run it with a root per host");
        }
        return run(sequence, Map.of("", root), Optional.empty());
    }

    /**
     * Runs the multi-host {@code sequence}, each host in its root of {@code roots} (by host name), all
     * on one virtual LAN; {@code flows}, when given, records who talks to whom while the steps run.
     */
    public SequenceResult run(Sequence sequence, Map<String, Path> roots, Optional<FlowRecorder> flows)
            throws IOException {
        List<StepResult> results = new ArrayList<>();
        StepOutputs outputs = StepOutputs.create(Path.of(System.getProperty("java.io.tmpdir")));
        Map<String, GuestSession> opened = new LinkedHashMap<>();
        try (outputs;
                GuestNetwork network = sequence.multiHost() ? GuestNetwork.lan(sequence.hosts(), sequence.network())
                        : GuestNetwork.open(sequence.network())) {
            try {
                for (String host : network.hosts()) {
                    Path root = roots.get(host);
                    if (root == null) {
                        throw new IOException("no root tree for host " + host);
                    }
                    opened.put(host, sessions.apply(host).open(root, network.namespace(host),
                            host.isEmpty() ? null : host));
                }
                flows.ifPresent(f -> f.start(network));
                runSteps(new Run(sequence, opened, network, outputs, flows), sequence, results);
            } finally {
                // The sampler stops, then each host's processes end with its session, before the network
                // its namespace is on.
                flows.ifPresent(FlowRecorder::close);
                opened.values().forEach(GuestSession::close);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + sequence.name());
        }
        return new SequenceResult(sequence.name(), roots.getOrDefault("", roots.values().iterator().next()), results);
    }

    private void runSteps(Run run, Sequence sequence, List<StepResult> results)
            throws IOException, InterruptedException {
        try {
            boolean failed = false;
            for (Step step : sequence.steps()) {
                if (failed && !keepGoing) {
                    results.add(StepResult.skipped(step));
                    continue;
                }
                StepResult r = run.step(step);
                results.add(r);
                // An unseen (verify) step that fails is counted, not fatal: the traced workload goes on.
                failed |= !r.passed() && !step.unseen();
            }
            run.logoutAll();
        } finally {
            run.close();
        }
    }

    /** One host's part of a run: its session, its login shell while one is open, its daemons. */
    private static final class HostRun {
        private final GuestSession session;
        private LoginShell shell;
        private final Map<String, Daemon> daemons = new HashMap<>();

        HostRun(GuestSession session) {
            this.session = session;
        }
    }

    /** One run's state: each host's part, the network, and the flows recorder. */
    private static final class Run implements AutoCloseable {
        private final Sequence sequence;
        private final Map<String, HostRun> hosts = new LinkedHashMap<>();
        private final GuestNetwork network;
        private final StepOutputs outputs;
        private final Optional<FlowRecorder> flows;
        private int stepNumber;
        // The host of the step being run: session, shell and daemons below are that host's.
        private HostRun host;
        private GuestSession session;
        private LoginShell shell;
        private Map<String, Daemon> daemons;

        Run(Sequence sequence, Map<String, GuestSession> sessions, GuestNetwork network, StepOutputs outputs,
            Optional<FlowRecorder> flows) {
            this.sequence = sequence;
            sessions.forEach((name, s) -> hosts.put(name, new HostRun(s)));
            this.network = network;
            this.outputs = outputs;
            this.flows = flows;
        }

        StepResult step(Step step) throws IOException, InterruptedException {
            // get and client steps of a multi-host sequence run from the visitor: no host of theirs
            String name = hosts.containsKey(step.host()) ? step.host() : hosts.keySet().iterator().next();
            enter(hosts.get(name));
            flows.ifPresent(f -> f.snapshot(network, "before " + step.describe()));
            try {
                return stepOnHost(step, name);
            } finally {
                host.shell = shell;
                flows.ifPresent(f -> f.snapshot(network, "after " + step.describe()));
            }
        }

        private void enter(HostRun h) {
            host = h;
            session = h.session;
            shell = h.shell;
            daemons = h.daemons;
        }

        private StepResult stepOnHost(Step step, String hostName) throws IOException, InterruptedException {
            Duration timeout = sequence.timeoutOf(step);
            long t0 = System.nanoTime();
            StepKind kind = step.kind();
            if (kind == StepKind.LOGIN) {
                return login(step, timeout, t0);
            }
            if ((kind == StepKind.TYPE || kind == StepKind.LOGOUT) && shell == null) {
                return failed(step, "", "no login shell: the login before it failed", t0);
            }
            if (kind == StepKind.TYPE) {
                LoginShell.Typed t = shell.type(step.argument(), timeout);
                if (t.shellEnded()) {
                    return failed(step, t.output(), "the login shell ended before the command finished", t0);
                }
                if (t.timedOut()) {
                    shell.close(); // the command still runs in it: hang the terminal up
                    shell = null;
                }
                return judge(step, t.status(), t.output(), t.timedOut(), timeout, t0);
            }
            if (kind == StepKind.LOGOUT) {
                int status = shell.logout(timeout);
                shell = null;
                return judge(step, status, "", status == -1, timeout, t0);
            }
            if (kind == StepKind.HALT) {
                logoutQuietly();
            }
            if (kind == StepKind.GET) {
                double seconds = Math.max(1, timeout.toMillis() / 1000.0 - 1);
                Process p = network.startVisitor(HostScript.HTTP_GET.argv(step.argument(), Double.toString(seconds)));
                return finish(step, p, timeout, t0);
            }
            if (kind == StepKind.CLIENT) {
                return finish(step, network.startVisitor(List.of("/bin/sh", "-c", step.argument())), timeout, t0);
            }
            if (kind == StepKind.LOCAL) {
                return finish(step, network.startIn(hostName, List.of("/bin/sh", "-c", step.argument())), timeout, t0);
            }
            if (kind == StepKind.WAIT_PORT) {
                double seconds = Math.max(0.5, timeout.toMillis() / 1000.0 - 0.5);
                String[] to = sequence.portTarget(step);
                return finish(step, network.startIn(hostName, HostScript.WAIT_PORT.argv(to[0], to[1],
                        Double.toString(seconds))), timeout, t0);
            }
            if (kind == StepKind.WAIT_FILE) {
                return waitFile(step, timeout, t0);
            }
            if (kind == StepKind.EXPECT_FILE) {
                return expectFile(step, t0);
            }
            if (kind == StepKind.START) {
                Path out = outputs.file("daemon-" + (++stepNumber) + ".out");
                Files.createFile(out);
                Process p = session.start(kind.phase(), step.describe(), List.of("/bin/sh", "-c",
                        "exec " + step.argument()), Redirect.appendTo(out.toFile()));
                daemons.put(step.daemon(), new Daemon(step.daemon(), p, out));
                return judge(step, 0, "", false, timeout, t0);
            }
            if (kind == StepKind.STOP) {
                Daemon d = daemons.remove(step.daemon());
                if (d == null) {
                    return failed(step, "", step.daemon() + " was not started: its start step failed", t0);
                }
                Daemon.Stopped stopped = d.stop(timeout);
                String text = TerminalText.plain(stopped.output());
                if (!stopped.note().isEmpty()) {
                    return failed(step, text, stopped.note(), t0);
                }
                return judge(step, stopped.status(), text, false, timeout, t0);
            }
            Path out = outputs.file("step-" + (++stepNumber) + ".out");
            Files.createFile(out);
            int status = session.run(kind.phase(), step.describe(), List.of("/bin/sh", "-c", step.argument()),
                    Redirect.from(new File("/dev/null")), Redirect.appendTo(out.toFile()), timeout);
            boolean timedOut = status == 137 && System.nanoTime() - t0 >= timeout.toNanos();
            String text = TerminalText.plain(Files.readString(out, StandardCharsets.UTF_8));
            return judge(step, timedOut ? -1 : status, text, timedOut, timeout, t0);
        }

        /** Polls for the guest's file from outside until it is there or the step's timeout. */
        private StepResult waitFile(Step step, Duration timeout, long t0) throws InterruptedException {
            long deadline = t0 + timeout.toNanos();
            while (session.outside(step.argument()).isEmpty()) {
                if (System.nanoTime() >= deadline) {
                    return judge(step, -1, "", true, timeout, t0);
                }
                Thread.sleep(100);
            }
            return judge(step, 0, "", false, timeout, t0);
        }

        /** Reads the guest's file from outside: its text is the step's output. */
        private StepResult expectFile(Step step, long t0) {
            Optional<Path> file = session.outside(step.argument());
            if (file.isEmpty()) {
                return failed(step, "", "the guest has no file " + step.argument(), t0);
            }
            if (!Files.isRegularFile(file.get())) {
                return failed(step, "", step.argument() + " is not a regular file in the guest", t0);
            }
            try {
                String text = new String(Files.readAllBytes(file.get()), StandardCharsets.UTF_8);
                return judge(step, 0, text, false, null, t0);
            } catch (IOException e) {
                return failed(step, "", "cannot read " + step.argument() + " in the guest: " + e.getMessage(), t0);
            }
        }

        private StepResult login(Step step, Duration timeout, long t0) throws IOException, InterruptedException {
            shell = LoginShell.start(session, step.describe(), step.argument());
            LoginShell.Typed ready = shell.awaitReady(timeout);
            if (ready.status() != 0) {
                String transcript = shell.transcript();
                shell.close();
                shell = null;
                return failed(step, transcript, ready.timedOut()
                        ? "no shell prompt answered within " + seconds(timeout) : "login ended without a shell", t0);
            }
            return judge(step, 0, "", false, timeout, t0);
        }

        /** Waits for a client's process, with its deadline. */
        private StepResult finish(Step step, Process p, Duration timeout, long t0) throws InterruptedException {
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                // it does not read stdin
            }
            OutputBuffer out = new OutputBuffer(p.getInputStream(), "step-output");
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                HostCommand.killTree(p.toHandle());
                p.waitFor(5, TimeUnit.SECONDS);
            }
            out.settle(300);
            return judge(step, done ? p.exitValue() : -1, TerminalText.plain(out.text()), !done, timeout, t0);
        }

        private static StepResult judge(Step step, int status, String output, boolean timedOut, Duration timeout,
                                        long t0) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            if (timedOut) {
                return new StepResult(step, StepResult.Outcome.TIMED_OUT, -1, output,
                        "timed out after " + seconds(timeout), MissingNames.in(output), millis);
            }
            for (Check c : step.checks()) {
                String reason = c.unmetBy(output);
                if (c instanceof Check.ExitStatus s && s.status() != status) {
                    reason = "exit status " + status + ", expected " + s.status() + lastLine(output);
                } else if (reason != null && !(c instanceof Check.OutputLacks)) {
                    reason += lastLine(output);
                }
                if (reason != null) {
                    return new StepResult(step, StepResult.Outcome.FAILED, status, output, reason,
                            MissingNames.in(output), millis);
                }
            }
            return new StepResult(step, StepResult.Outcome.PASSED, status, output, "", List.of(), millis);
        }

        private static StepResult failed(Step step, String output, String reason, long t0) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            return new StepResult(step, StepResult.Outcome.FAILED, -1, output, reason + lastLine(output),
                    MissingNames.in(output), millis);
        }

        private static String lastLine(String output) {
            // The echo of a marker line says nothing about what went wrong.
            String s = output.lines().filter(l -> !l.contains("depset-end-") && !l.contains("depset-begin-"))
                    .reduce("", (a, b) -> a + "\n" + b).strip();
            if (s.isEmpty()) {
                return "";
            }
            String last = s.substring(s.lastIndexOf('\n') + 1).strip();
            return " (" + (last.length() > 160 ? last.substring(0, 160) + "…" : last) + ")";
        }

        private static String seconds(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        }

        /** Logs the shell out before halt steps or at the end, as the seed's operator typed halt. */
        void logoutQuietly() throws IOException, InterruptedException {
            if (shell != null) {
                shell.logout(sequence.timeout());
                shell = null;
            }
        }

        /** Logs every host's shell out, at the end. */
        void logoutAll() throws IOException, InterruptedException {
            for (HostRun h : hosts.values()) {
                enter(h);
                logoutQuietly();
                h.shell = null;
            }
        }

        @Override
        public void close() {
            for (HostRun h : hosts.values()) {
                if (h.shell != null) {
                    h.shell.close();
                }
            }
        }
    }
}
