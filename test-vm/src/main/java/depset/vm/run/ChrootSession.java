package depset.vm.run;

import depset.vm.host.GuestMounts;
import depset.vm.sequence.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plain, untraced chroot: new mount, pid, UTS, IPC and network namespaces held by a
 * {@link NamespaceHolder}, with {@link GuestMounts} under the root (fresh /proc, /dev, /sys, a fresh
 * tmpfs /run). Steps enter the namespaces with {@code nsenter} and the root with {@code chroot}; a
 * terminal step runs under util-linux {@code script}, which gives it a pseudo-terminal of the machine's
 * devpts (bound into the guest's /dev).
 */
public final class ChrootSession implements GuestSession {
    /** The environment every guest process starts with, as init would give it. */
    static final Map<String, String> GUEST_ENV = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "TERM", "linux",
            "HOME", "/root",
            "SHELL", "/bin/sh");

    private final Path root;
    private final NamespaceHolder holder;

    private ChrootSession(Path root, NamespaceHolder holder) {
        this.root = root;
        this.holder = holder;
    }

    /** The factory for untraced sessions. */
    public static GuestSessionFactory factory() {
        return ChrootSession::open;
    }

    /** Opens a session over {@code root}. */
    public static ChrootSession open(Path root) throws IOException {
        Path r = root.toAbsolutePath().normalize();
        for (String d : List.of("proc", "dev", "sys", "run")) {
            if (!Files.isDirectory(r.resolve(d))) {
                throw new IOException(r + " is not a root tree: it has no /" + d + " directory");
            }
        }
        NamespaceHolder holder = NamespaceHolder.start(
                GuestMounts.unshared(r, true, NamespaceHolder.reaperArgv()), "a chroot of " + r);
        return new ChrootSession(r, holder);
    }

    @Override
    public Process start(Phase phase, String step, List<String> argv, boolean terminal) throws IOException {
        if (!holder.alive()) {
            throw new IOException("the guest's namespaces are gone");
        }
        List<String> inGuest = new ArrayList<>(List.of("/usr/sbin/chroot", root.toString()));
        inGuest.addAll(argv);
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/nsenter", "-t", Long.toString(holder.pid()),
                "-m", "-p", "-u", "-i", "-n", "--"));
        if (terminal) {
            cmd.addAll(List.of("/usr/bin/script", "-qfec", ShellQuote.join(inGuest), "/dev/null"));
        } else {
            cmd.addAll(inGuest);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(GUEST_ENV);
        return pb.start();
    }

    @Override
    public long networkNamespacePid() {
        return holder.pid();
    }

    @Override
    public void close() {
        holder.close();
    }
}
