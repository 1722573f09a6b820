package depset.vm.eval;

import depset.sandbox.GuestEnvironment;
import depset.vm.host.GuestMounts;
import depset.sandbox.HostCommand;
import depset.vm.run.GuestNetwork;
import depset.vm.sequence.Check;
import depset.vm.sequence.Sequence;
import depset.vm.sequence.Step;
import depset.vm.sequence.StepKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ReproZip's row, the peer users reach for today (Debian's {@code reprozip} and {@code reprounzip}):
 * the sequence's guest-side steps traced with {@code reprozip trace} (chrooted, over an overlay so
 * the guest is never written), packed with {@code reprozip pack}, and replayed with
 * {@code reprounzip chroot}. The chroot has /proc, /dev and a fresh /run but no /sys (with one,
 * reprozip 1.1's tracer dies of a segmentation fault). ReproZip has no pseudo-terminal and no visitor, so the boot, typed and
 * halt commands run as one {@code sh -c} script and the client steps are left out; "functional"
 * means the replay ran and printed what the guest-side checks expect.
 */
public final class ReproZip {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** Whether reprozip and reprounzip are installed. */
    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/reprozip")) && Files.isExecutable(Path.of("/usr/bin/reprounzip"));
    }

    /** Runs ReproZip on {@code sequence} in {@code guest}, working in {@code dir}. */
    public EvalRow row(Sequence sequence, Path guest, Path dir) throws IOException {
        String name = sequence.name();
        if (!installed()) {
            return EvalRow.unmeasured(name, EvalRow.REPROZIP, "reprozip or reprounzip is not installed "
                    + "(apt-get install reprozip reprounzip)");
        }
        Evaluation.removeTree(dir);
        Files.createDirectories(dir);
        Path traceDir = dir.resolve("trace");
        Path pack = dir.resolve(name + ".rpz");
        String script = script(sequence);
        Path scratch = Files.createTempDirectory("depset-reprozip-");
        HostCommand.Result traced;
        try (GuestNetwork network = GuestNetwork.open(Optional.empty())) {
            // env -i: ReproZip packs the environment, and the machine's is none of the guest's business.
            List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "-i"));
            GuestEnvironment.STANDARD.env().forEach((k, v) -> argv.add(k + "=" + v));
            argv.addAll(List.of("/usr/bin/reprozip", "trace", "--dont-identify-packages", "-d", traceDir.toString(),
                    "/usr/sbin/chroot", scratch.resolve("root").toString(), shell(guest), "-c", script));
            traced = HostCommand.run(GuestMounts.overlaid(guest, scratch, network.guestNamespace(), argv, false),
                    java.util.Map.of(), TIMEOUT, dir.resolve("trace.log"));
        } finally {
            HostCommand.run(List.of("rm", "-rf", "--one-file-system", scratch.toString()), Duration.ofMinutes(2));
        }
        if (!Files.isRegularFile(traceDir.resolve("config.yml"))) {
            return EvalRow.unmeasured(name, EvalRow.REPROZIP, "reprozip trace failed: " + status(traced)
                    + (meaningful(traced.output()).isEmpty() ? "" : ": " + meaningful(traced.output())));
        }
        HostCommand.Result packed = HostCommand.run(List.of("/usr/bin/reprozip", "pack", "-d", traceDir.toString(),
                pack.toString()), java.util.Map.of(), TIMEOUT, dir.resolve("pack.log"));
        if (!packed.ok() || !Files.isRegularFile(pack)) {
            return EvalRow.unmeasured(name, EvalRow.REPROZIP, "reprozip pack failed: " + meaningful(packed.output()));
        }
        long[] contents = contents(pack);
        String traceNote = traced.ok() ? "" : "reprozip trace ended with status " + traced.status() + " ("
                + meaningful(traced.output()) + "); ";
        Path unpacked = dir.resolve("unpacked");
        // reprounzip adds a static busybox when a pack lacks /bin/sh or /usr/bin/env, fetched from
        // s3.amazonaws.com unless its cache has one: this machine reaches no such host, so the cache is
        // seeded with Debian's static busybox (busybox-static), which is what it would download.
        Path cache = dir.resolve("cache");
        Files.createDirectories(cache.resolve("reprozip"));
        Path busybox = Path.of("/bin/busybox");
        if (Files.isExecutable(busybox)) {
            Files.copy(busybox, cache.resolve("reprozip/busybox-x86_64"));
        }
        // reprounzip chroot mounts /dev and /proc in the unpacked tree: keep them in a private namespace.
        // It also asserts that SIGINT has Python's default handler, which a SIGINT ignored by whatever
        // started depset (a background job) prevents: env --default-signal restores it.
        HostCommand.Result replay = HostCommand.run(List.of("/usr/bin/unshare", "--mount", "--propagation", "private",
                "/bin/sh", "-c", "env --default-signal=INT /usr/bin/reprounzip chroot setup \"$1\" \"$2\" && "
                        + "env --default-signal=INT /usr/bin/reprounzip chroot run \"$2\"",
                "replay", pack.toString(), unpacked.toString()), java.util.Map.of("XDG_CACHE_HOME", cache.toString()),
                TIMEOUT, dir.resolve("replay.log"));
        Evaluation.removeTree(unpacked);
        String unmet = unmetCheck(sequence, replay.output());
        boolean works = replay.ok() && unmet == null;
        String why = works ? traceNote.isEmpty() ? "" : traceNote
                : traceNote + (replay.ok() ? "the replay's " + unmet
                : "reprounzip chroot: " + meaningful(replay.output()));
        return new EvalRow(name, EvalRow.REPROZIP, contents[0], Files.size(pack), contents[1], works, why, List.of());
    }

    /** The shell the guest's login uses: bash where the guest has it, else /bin/sh. */
    static String shell(Path guest) {
        return Files.isExecutable(guest.resolve("bin/bash")) ? "/bin/bash" : "/bin/sh";
    }

    /**
     * The guest-side steps as one script, as a user would write it for a tracer that follows one
     * command: every line in the one shell (so {@code cd} and {@code export} carry over, as in a login
     * shell), each step's failure noted and the rest run anyway (so the halt steps stop the services);
     * the script ends with the first failing step's status.
     */
    static String script(Sequence sequence) {
        List<String> lines = new ArrayList<>();
        lines.add("cd /root");
        lines.add("depset_status=0");
        for (Step s : sequence.steps()) {
            String line = switch (s.kind()) {
                case BOOT, TYPE, RUN, HALT -> s.argument();
                // A daemon in the background, stopped with SIGTERM; its end is waited for.
                case START -> "exec " + s.argument() + " &\ndepset_" + s.line() + "=$!";
                case STOP -> {
                    String var = "$depset_" + startLine(sequence, s);
                    yield "kill " + var + "; wait " + var;
                }
                default -> null;
            };
            if (line != null) {
                lines.add("{ " + line + "\n}; depset_s=$?; [ $depset_s -eq 0 ] || [ $depset_status -ne 0 ] "
                        + "|| depset_status=$depset_s");
            }
        }
        lines.add("exit $depset_status");
        return String.join("\n", lines) + "\n";
    }

    /** The line of the start step whose daemon {@code stop} stops (the last one before it). */
    private static int startLine(Sequence sequence, Step stop) {
        int line = stop.line();
        for (Step s : sequence.steps()) {
            if (s == stop) {
                break;
            }
            if (s.kind() == StepKind.START && s.daemon().equals(stop.daemon())) {
                line = s.line();
            }
        }
        return line;
    }

    /**
     * Why the replay's output (all the guest-side steps' together) does not show what those steps'
     * checks want, or null when it does; checks that something is absent say nothing of a whole script.
     */
    private static String unmetCheck(Sequence sequence, String output) {
        for (Step s : sequence.steps()) {
            if (s.kind().insideGuest()) {
                for (Check c : s.checks()) {
                    String unmet = c instanceof Check.OutputLacks || c instanceof Check.NoOutput ? null : c.unmetBy(output);
                    if (unmet != null) {
                        return unmet;
                    }
                }
            }
        }
        return null;
    }

    /** Bytes and non-directory entries of the files the pack holds (its DATA.tar.gz). */
    private static long[] contents(Path pack) throws IOException {
        HostCommand.Result r = HostCommand.run(List.of("/bin/sh", "-c",
                "tar -xOf \"$1\" DATA.tar.gz | tar -tvzf - | awk '$1 !~ /^d/ { n++; b += $3 } END { print b+0, n+0 }'",
                "contents", pack.toString()), Duration.ofMinutes(5));
        String[] f = r.lastLine().split("\\s+");
        try {
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    private static String status(HostCommand.Result r) {
        if (r.timedOut()) {
            return "timed out after " + TIMEOUT.toMinutes() + " min";
        }
        return r.status() > 128 ? "killed by signal " + (r.status() - 128)
                + (r.status() == 139 ? " (segmentation fault)" : "") : "status " + r.status();
    }

    /**
     * What went wrong, in the tool's own words: its first line that says error, cannot or failed
     * (not a banner), else its last line that says something (ReproZip ends with usage-report banners).
     */
    static String meaningful(String output) {
        for (String l : output.split("\n")) {
            String t = l.strip();
            if (!banner(t) && ERROR.matcher(t).find()) {
                return t.length() > 240 ? t.substring(0, 240) + "…" : t;
            }
        }
        return lastMeaningful(output);
    }

    private static final java.util.regex.Pattern ERROR =
            java.util.regex.Pattern.compile("(?i)\\berror\\b|\\bcannot\\b|\\bfailed\\b|\\bno such\\b");

    private static boolean banner(String t) {
        return t.isEmpty() || t.contains("usage_report") || t.contains("opt in") || t.contains("by running:")
                || t.startsWith("If you do not want") || t.contains("reprozip.usage") || t.contains("Plugin")
                || t.startsWith("File \"") || t.startsWith("Traceback");
    }

    private static String lastMeaningful(String output) {
        String found = "";
        for (String l : output.split("\n")) {
            String t = l.strip();
            if (!banner(t)) {
                found = t;
            }
        }
        return found.length() > 240 ? found.substring(0, 240) + "…" : found;
    }
}
