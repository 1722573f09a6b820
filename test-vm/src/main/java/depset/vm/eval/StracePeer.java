package depset.vm.eval;

import depset.closure.SetAdditions;
import depset.elf.ElfReader;
import depset.manifest.Manifest;
import depset.manifest.Reason;
import depset.meta.SourceRoot;
import depset.sandbox.GuestEnvironment;
import depset.sandbox.HostCommand;
import depset.strategy.Analysis;
import depset.vm.host.GuestMounts;
import depset.vm.run.GuestNetwork;
import depset.vm.run.MissingNames;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The strace row: the set a user could script without depset. The sequence's guest-side steps run as
 * one script ({@link GuestScript}) under {@code strace -f -y -e trace=%file,execve}, chrooted in the
 * guest's environment over an overlay (so the guest is never written); the set is every path of the
 * guest a process opened, exec'd or stat'ed ({@link StraceLog}), with the symlinks on the way and the
 * parent directories, plus what the kernel reads for an exec without a system call strace shows: each
 * exec'd program's loader ({@code PT_INTERP}) and {@code #!} interpreter. The set is built as a tree with
 * depset's builder, like the strategies' sets, and the same script is replayed in it; "functional" is
 * judged as for ReproZip's row.
 */
public final class StracePeer {
    /** The strategy column's name and the rule of the set's entries. */
    public static final String NAME = "strace";
    private static final Path STRACE = Path.of("/usr/bin/strace");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final SetTreeWriter trees;

    public StracePeer(SetTreeWriter trees) {
        this.trees = trees;
    }

    /** Whether strace is installed. */
    public static boolean installed() {
        return Files.isExecutable(STRACE);
    }

    /**
     * Traces {@code sequence}'s script in {@code guest} with strace, builds the set and replays the script
     * in it: the set and tree go into {@code dir} as the strategies' do ({@code set.strace.json},
     * {@code tree.strace}), strace's log and the runs' output into {@code dir/strace/}.
     */
    public EvalRow row(Sequence sequence, Path guest, Path dir) throws IOException {
        String name = sequence.name();
        if (!installed()) {
            return EvalRow.unmeasured(name, NAME, "strace is not installed (apt-get install strace)");
        }
        Path tree = dir.resolve("tree." + NAME);
        Evaluation.removeTree(tree);
        Path work = dir.resolve(NAME);
        Evaluation.removeTree(work);
        Files.createDirectories(work);
        String script = GuestScript.of(sequence);
        String shell = GuestScript.shell(guest);
        Path log = work.resolve("strace.log");
        Path scratch = Files.createTempDirectory("depset-strace-").toRealPath();
        HostCommand.Result traced;
        try {
            traced = chrooted(sequence, guest, scratch, List.of(STRACE.toString(), "-f", "-y", "-qq", "-e",
                    "signal=none", "-e", "trace=%file,execve", "-o", log.toString()), shell, script,
                    work.resolve("trace.log"));
        } finally {
            removeScratch(scratch);
        }
        if (!Files.isRegularFile(log)) {
            return EvalRow.unmeasured(name, NAME, "strace failed: " + ReproZip.meaningful(traced.output()));
        }
        StraceLog parsed;
        try (InputStream in = Files.newInputStream(log)) {
            // strace escapes every byte outside printable ASCII: any one-byte charset reads the lines.
            parsed = StraceLog.parse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().toList());
        }
        Manifest set = set(SourceRoot.of(guest), parsed, List.of(shell, "-c", script), log.toString());
        depset.manifest.ManifestJson.write(set, dir.resolve("set." + NAME + ".json"));
        try {
            trees.write(set, guest, tree);
        } catch (IOException e) {
            return EvalRow.unmeasured(name, NAME, "the tree cannot be built: " + e.getMessage());
        }
        TreeFigures size = TreeFigures.of(tree);
        Path replayScratch = Files.createTempDirectory("depset-strace-").toRealPath();
        HostCommand.Result replay;
        try {
            replay = chrooted(sequence, tree, replayScratch, List.of(), shell, script, work.resolve("replay.log"));
        } finally {
            removeScratch(replayScratch);
        }
        String unmet = GuestScript.unmetCheck(sequence, replay.output());
        boolean works = replay.ok() && unmet == null;
        String tracedNote = traced.ok() ? "" : "the traced run itself failed (" + status(traced) + ": "
                + ReproZip.meaningful(traced.output()) + "); ";
        String why = works ? tracedNote : tracedNote + (replay.ok() ? "the replay's " + unmet
                : "the replay: " + GuestScript.failedStep(replay.output()).orElse(status(replay))
                + " (first error: " + ReproZip.meaningful(replay.output()) + ")");
        List<String> missing = works ? List.of() : MissingNames.in(replay.output());
        return EvalRow.measured(name, NAME, size, works, why, missing);
    }

    /**
     * {@code shell -c script} chrooted in {@code root} over an overlay at {@code scratch/root}, in the
     * guest's environment and network, started by {@code wrapper} (strace's command line, or nothing).
     */
    private static HostCommand.Result chrooted(Sequence sequence, Path root, Path scratch, List<String> wrapper,
                                               String shell, String script, Path output) throws IOException {
        try (GuestNetwork network = GuestNetwork.open(sequence.network())) {
            // env -i: the guest's environment, none of the machine's.
            List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "-i"));
            GuestEnvironment.STANDARD.env().forEach((k, v) -> argv.add(k + "=" + v));
            argv.addAll(wrapper);
            argv.addAll(List.of("/usr/sbin/chroot", scratch.resolve("root").toString(), shell, "-c", script));
            return HostCommand.run(GuestMounts.overlaid(root, scratch, network.guestNamespace(), argv, true), Map.of(),
                    TIMEOUT, output);
        }
    }

    private static void removeScratch(Path scratch) throws IOException {
        HostCommand.removeTree(scratch);
    }

    /** The paths of {@code parsed} that {@code guest} has, each with its links and parents, plus each exec's loader and {@code #!} interpreter. */
    static Manifest set(SourceRoot guest, StraceLog parsed, List<String> command, String trace) {
        SetAdditions set = new SetAdditions(Manifest.of(guest.root().toString(), NAME, List.of(), command,
                List.of(trace), List.of()), guest);
        for (String p : parsed.reached()) {
            // The root is the builder's; the kernel's trees are mounted, never copied.
            if (!p.equals("/") && !p.equals("/proc") && !p.equals("/sys") && !p.equals("/dev")
                    && !Analysis.underKernelTree(p)) {
                Reason why = Reason.needed(NAME, parsed.executed().contains(p) ? "execve" : "reached", null);
                if (set.addFollowing(p, why, NAME) == null) {
                    // A path the run made itself: the directory it was made in, as far as the guest has it
                    // (apache2ctl's mktemp -d /var/lock/apache2.XXXX needs the /var/lock link).
                    String dir = parentOf(p);
                    while (dir != null && guest.follow(dir) == null) {
                        dir = parentOf(dir);
                    }
                    if (dir != null) {
                        set.addFollowing(dir, Reason.needed(NAME + ": made in", "reached " + p, null), NAME);
                    }
                }
            }
        }
        Deque<String> programs = new ArrayDeque<>(parsed.executed());
        Set<String> seen = new HashSet<>();
        while (!programs.isEmpty()) {
            String real = guest.follow(programs.poll());
            if (real == null || !seen.add(real)) {
                continue;
            }
            for (String interpreter : interpreters(guest, real)) {
                if (set.addFollowing(interpreter, Reason.needed(NAME + ": interpreter", "exec " + real, real),
                        NAME) != null) {
                    programs.add(interpreter);
                }
            }
        }
        return set.manifest(Manifest.of(guest.root().toString(), NAME, List.of(), command, List.of(trace), List.of()),
                NAME);
    }

    /** The parent of an absolute path; null for "/" and the top-level names (the root is the builder's). */
    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? null : path.substring(0, slash);
    }

    /** The loader of an ELF program, or the interpreter its {@code #!} line names. */
    private static List<String> interpreters(SourceRoot guest, String real) {
        Path host = guest.host(real);
        try {
            if (ElfReader.isElf(host)) {
                String interp = ElfReader.read(host).interpreter();
                return interp == null ? List.of() : List.of(interp);
            }
            if (Files.isRegularFile(host)) {
                try (InputStream in = Files.newInputStream(host)) {
                    String first = new String(in.readNBytes(256), StandardCharsets.ISO_8859_1).lines().findFirst()
                            .orElse("");
                    if (first.startsWith("#!")) {
                        String[] words = first.substring(2).strip().split("\\s+");
                        return words.length == 0 || words[0].isEmpty() ? List.of() : List.of(words[0]);
                    }
                }
            }
        } catch (IOException e) {
            // Not readable as a program: strace's own list stands as it is.
        }
        return List.of();
    }

    private static String status(HostCommand.Result r) {
        return r.timedOut() ? "timed out after " + TIMEOUT.toMinutes() + " min" : "exit status " + r.status();
    }
}
