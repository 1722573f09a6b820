package depset.vm.run;

import depset.sandbox.CommandResolver;
import depset.sandbox.GuestEnvironment;
import depset.sandbox.GuestInit;
import depset.trace.Phase;
import depset.vm.host.GuestMounts;
import depset.sandbox.HostCommand;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A plain, untraced run of a guest: an overlay of the root with a scratch upper layer (the root is
 * never written) in the guest's environment ({@link GuestEnvironment#STANDARD}, the environment of
 * the traced sandbox too), in the guest's network namespace, held by its {@link GuestInit}. Steps
 * enter it as {@link GuestEnvironment#enter} says.
 */
public final class ChrootSession implements GuestSession {
    private final Path scratch;
    private final GuestInit holder;
    private final List<String> tracer;
    private boolean closed;

    private ChrootSession(Path scratch, GuestInit holder, List<String> tracer) {
        this.scratch = scratch;
        this.holder = holder;
        this.tracer = tracer;
    }

    /** The factory for untraced sessions. */
    public static GuestSessionFactory factory() {
        return (root, netns, hostname) -> open(root, netns, hostname);
    }

    /**
     * Sessions whose steps each run under another tracer ({@code strace -f -o FILE}, {@code reprozip
     * trace …}): the tracer's argv is put in front of the {@code nsenter} that enters the guest, so it
     * follows the step and every process the step starts, in the same namespaces and mounts as an
     * untraced session. For comparing depset with the tracers people use today.
     */
    public static GuestSessionFactory tracedBy(List<String> tracer) {
        List<String> prefix = List.copyOf(tracer);
        return tracedBy(dir -> prefix);
    }

    /**
     * {@link #tracedBy(List)} with the tracer's argv made from a directory of the session's own
     * (empty, removed with the session), for a tracer that must write beside its trace: ReproZip's
     * temporary files ({@link depset.vm.eval.ReproZipProgram}).
     */
    public static GuestSessionFactory tracedBy(Function<Path, List<String>> tracer) {
        return (root, netns, hostname) -> open(root, netns, hostname, tracer);
    }

    /** Opens a session over {@code root} in the network namespace {@code netns}. */
    public static ChrootSession open(Path root, Path netns) throws IOException {
        return open(root, netns, null, dir -> List.of());
    }

    /** Opens a session over {@code root} in {@code netns}, named {@code hostname} (null: the machine's name). */
    public static ChrootSession open(Path root, Path netns, String hostname) throws IOException {
        return open(root, netns, hostname, dir -> List.of());
    }

    private static ChrootSession open(Path root, Path netns, String hostname, Function<Path, List<String>> tracer)
            throws IOException {
        Path r = root.toAbsolutePath().normalize();
        for (String d : List.of("proc", "dev", "sys", "run")) {
            if (!Files.isDirectory(r.resolve(d))) {
                throw new IOException(r + " is not a root tree: it has no /" + d + " directory");
            }
        }
        Path scratch = Files.createTempDirectory("depset-chroot-");
        try {
            List<String> prefix = List.copyOf(tracer.apply(Files.createDirectory(scratch.resolve("tracer"))));
            GuestInit holder = GuestInit.start(GuestEnvironment.STANDARD.hostname(hostname).init(scratch.resolve("root"),
                    netns, false,
                    List.of(GuestMounts.overlay(r, scratch)), List.of()), "a chroot of " + r);
            return new ChrootSession(scratch, holder, prefix);
        } catch (IOException e) {
            removeScratch(scratch);
            throw e;
        }
    }

    /** The session's scratch directory: the overlay's layers and, at {@code root}, the tree steps are chrooted into. */
    Path scratch() {
        return scratch;
    }

    @Override
    public int run(Phase phase, String step, List<String> argv, Redirect in, Redirect out, Duration timeout)
            throws IOException {
        Process p = spawn(argv, in, out);
        try {
            if (timeout == null) {
                return p.waitFor();
            }
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return p.exitValue();
            }
            HostCommand.killTree(p.toHandle());
            p.waitFor(10, TimeUnit.SECONDS);
            return 137;
        } catch (InterruptedException e) {
            HostCommand.killTree(p.toHandle());
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + step);
        }
    }

    @Override
    public Process start(Phase phase, String step, List<String> argv, Redirect out) throws IOException {
        return spawn(argv, Redirect.from(new java.io.File("/dev/null")), out);
    }

    private Process spawn(List<String> argv, Redirect in, Redirect out) throws IOException {
        if (!holder.alive()) {
            throw new IOException("the guest's namespaces are gone");
        }
        List<String> cmd = new ArrayList<>(tracer);
        cmd.addAll(GuestEnvironment.STANDARD.enter(holder.pid(), scratch.resolve("root"), "/", null));
        cmd.add("--");
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(in).redirectOutput(out).redirectError(out);
        pb.environment().clear();
        pb.environment().putAll(GuestEnvironment.STANDARD.env());
        return pb.start();
    }

    @Override
    public Optional<Path> outside(String guestPath) {
        // The overlay is mounted in the guest's mount namespace only: reach it through its init.
        Path root = Path.of("/proc/" + holder.pid() + "/root" + scratch.resolve("root"));
        return Optional.ofNullable(CommandResolver.follow(root, guestPath));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        holder.close();
        removeScratch(scratch);
    }

    private static void removeScratch(Path scratch) {
        try {
            HostCommand.removeTree(scratch);
        } catch (IOException e) {
            // a scratch directory left in the temp directory harms nothing
        }
    }
}
