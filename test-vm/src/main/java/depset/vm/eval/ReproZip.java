package depset.vm.eval;

import depset.sandbox.GuestEnvironment;
import depset.vm.host.GuestMounts;
import depset.sandbox.HostCommand;
import depset.vm.run.GuestNetwork;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ReproZip's row, the peer users reach for today (Debian's {@code reprozip} and {@code reprounzip}):
 * the sequence's guest-side steps traced with {@code reprozip trace} (chrooted, over an overlay so
 * the guest is never written), packed with {@code reprozip pack}, and replayed with
 * {@code reprounzip chroot}. The chroot has /proc, /dev and a fresh /run but no /sys (with one,
 * reprozip 1.1's tracer dies of a segmentation fault). ReproZip follows one command: the guest-side
 * steps run as one script ({@link GuestScript}), which also judges the replay's output.
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
        // ReproZip's own temporary directory, removed whatever becomes of it (ReproZipProgram).
        Path tmp = Files.createTempDirectory("depset-reprozip-tmp-");
        try {
            return row(sequence, guest, dir, tmp);
        } finally {
            HostCommand.removeTree(tmp);
        }
    }

    private EvalRow row(Sequence sequence, Path guest, Path dir, Path tmp) throws IOException {
        String name = sequence.name();
        Path traceDir = dir.resolve("trace");
        Path pack = dir.resolve(name + ".rpz");
        String script = GuestScript.of(sequence);
        Path scratch = Files.createTempDirectory("depset-reprozip-");
        HostCommand.Result traced;
        // The sequence's own network (LAMP's eth0 for its ifconfig line), as the replays have it.
        try (GuestNetwork network = GuestNetwork.open(sequence.network())) {
            // env -i: ReproZip packs the environment, and the machine's is none of the guest's business.
            List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "-i"));
            GuestEnvironment.STANDARD.env().forEach((k, v) -> argv.add(k + "=" + v));
            // -v: reprozip logs each process and exec (on stderr, flushed), so that when its tracer dies
            // without a word (a segmentation fault), the row can say what it was doing.
            argv.addAll(ReproZipProgram.argv(tmp, "reprozip", List.of("-v", "trace", "--dont-identify-packages",
                    "-d", traceDir.toString(), "/usr/sbin/chroot", scratch.resolve("root").toString(),
                    GuestScript.shell(guest), "-c", script)));
            traced = HostCommand.run(GuestMounts.overlaid(guest, scratch, network.guestNamespace(), argv, false),
                    java.util.Map.of(), TIMEOUT, dir.resolve("trace.log"));
        } finally {
            HostCommand.removeTree(scratch);
        }
        if (!Files.isRegularFile(traceDir.resolve("config.yml"))) {
            return EvalRow.unmeasured(name, EvalRow.REPROZIP, traceFailure(status(traced), traced.output()));
        }
        HostCommand.Result packed = HostCommand.run(ReproZipProgram.argv(tmp, "reprozip",
                List.of("pack", "-d", traceDir.toString(), pack.toString())), java.util.Map.of(), TIMEOUT,
                dir.resolve("pack.log"));
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
        List<String> replayArgv = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--propagation", "private",
                "/bin/sh", "-c", "pack=$1 unpacked=$2; shift 2; "
                        + "env --default-signal=INT \"$@\" chroot setup \"$pack\" \"$unpacked\" && "
                        + "env --default-signal=INT \"$@\" chroot run \"$unpacked\"",
                "replay", pack.toString(), unpacked.toString()));
        replayArgv.addAll(ReproZipProgram.argv(tmp, "reprounzip", List.of()));
        HostCommand.Result replay = HostCommand.run(replayArgv, java.util.Map.of("XDG_CACHE_HOME", cache.toString()),
                TIMEOUT, dir.resolve("replay.log"));
        Evaluation.removeTree(unpacked);
        String failed = replayFailure(replay.ok(), replay.output());
        String unmet = failed != null ? null : GuestScript.unmetCheck(sequence, replay.output());
        boolean works = failed == null && unmet == null;
        String why = works ? traceNote.isEmpty() ? "" : traceNote
                : traceNote + (failed != null ? failed : "the replay's " + unmet);
        return new EvalRow(name, EvalRow.REPROZIP, contents[0], Files.size(pack), contents[1], works, why, List.of());
    }

    /**
     * Why the replay failed, in reprounzip's or the replayed command's own words, or null when it ran
     * to a status of 0: {@code reprounzip chroot run} itself exits 0 when the command it replays fails,
     * and says so in a line "*** Command finished, status: N".
     */
    static String replayFailure(boolean ok, String output) {
        if (!ok) {
            return "reprounzip chroot: " + meaningful(output);
        }
        java.util.regex.Matcher m = FINISHED.matcher(output);
        int status = 0;
        while (m.find()) {
            status = status != 0 ? status : Integer.parseInt(m.group(1));
        }
        return status == 0 ? null : "the replayed command ended with status " + status + ": "
                + GuestScript.failedStep(output).map(f -> f + "; first error: ").orElse("") + meaningful(output);
    }

    private static final java.util.regex.Pattern FINISHED =
            java.util.regex.Pattern.compile("\\*\\*\\* Command finished, status: (\\d+)");

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
     * Why {@code reprozip -v trace} made no trace: its first error, or, when it died without one, the
     * last thing it logged.
     */
    static String traceFailure(String status, String output) {
        String said = firstError(output);
        if (said != null) {
            return "reprozip trace failed: " + status + ": " + said;
        }
        String last = "";
        for (String l : output.split("\n")) {
            java.util.regex.Matcher m = LOG.matcher(l.strip());
            if (m.matches()) {
                last = m.group(2);
            }
        }
        return "reprozip trace failed: " + status + (last.isEmpty() ? ", without a word"
                : ", without an error of its own; the last it logged: " + shortened(last));
    }

    /**
     * A reprozip or reprounzip log line below error: "[REPROZIP] 09:01:58.083 INFO: [9] successfully exec'd
     * /usr/bin/mkdir", "[REPROUNZIP] … WARNING: Download busybox-x86_64: error downloading …" (it then
     * takes the busybox from its cache).
     */
    private static final java.util.regex.Pattern LOG =
            java.util.regex.Pattern.compile("\\[REPRO(?:UN)?ZIP\\] \\S+ (INFO|DEBUG|WARNING): (.*)");

    /**
     * The first line that says error, cannot, failed, no such or not found, leaving out banners and
     * the tools' own INFO, DEBUG and WARNING log (an exec that failed on the way along a PATH, a download
     * it had a cached copy for); or null.
     */
    private static String firstError(String output) {
        for (String l : output.split("\n")) {
            String t = l.strip();
            if (!banner(t) && !LOG.matcher(t).matches() && ERROR.matcher(t).find()) {
                return shortened(t);
            }
        }
        return null;
    }

    private static String shortened(String t) {
        return t.length() > 240 ? t.substring(0, 240) + "…" : t;
    }

    /**
     * What went wrong, in the tool's own words: its first line that says error, cannot or failed
     * (not a banner), else its last line that says something (ReproZip ends with usage-report banners).
     */
    static String meaningful(String output) {
        String error = firstError(output);
        return error != null ? error : lastMeaningful(output);
    }

    private static final java.util.regex.Pattern ERROR =
            java.util.regex.Pattern.compile("(?i)\\berror\\b|\\bcannot\\b|\\bfailed\\b|\\bno such\\b|\\bnot found\\b");

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
