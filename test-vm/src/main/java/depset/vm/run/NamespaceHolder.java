package depset.vm.run;

import depset.vm.host.HostCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small process that keeps namespaces alive: it reaps orphans as a pid 1 must (or a stopped
 * service's zombie would look alive to its init script) and exits when its stdin closes. Its stdin is
 * a pipe from this JVM, so however depset ends, the holder ends, and with it (through
 * {@code unshare --kill-child} and the pid namespace) every process of the guest and its mounts.
 */
final class NamespaceHolder implements AutoCloseable {
    /** pid 1: reap every child; leave at EOF on stdin. */
    static final String REAPER = String.join("\n",
            "import os, signal, sys, threading",
            "signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGCHLD])",
            "def watch():",
            "    sys.stdin.buffer.read()",
            "    os._exit(0)",
            "threading.Thread(target=watch, daemon=True).start()",
            "print('ready', flush=True)",
            "while True:",
            "    signal.sigtimedwait([signal.SIGCHLD], 1.0)",
            "    try:",
            "        while os.waitpid(-1, os.WNOHANG)[0] > 0:",
            "            pass",
            "    except ChildProcessError:",
            "        pass");

    private final Process process;
    private final long innerPid;
    private final OutputStream lifeline;
    private boolean closed;

    private NamespaceHolder(Process process, long innerPid) {
        this.process = process;
        this.innerPid = innerPid;
        this.lifeline = process.getOutputStream();
    }

    /** The reaper's argv, to append to an {@code unshare … --fork} prefix. */
    static List<String> reaperArgv() {
        return List.of("/usr/bin/python3", "-c", REAPER);
    }

    /**
     * Starts {@code argv} (an {@code unshare --fork … } whose last process execs {@link #reaperArgv()})
     * and waits until the reaper says it is ready.
     */
    static NamespaceHolder start(List<String> argv, String what) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(argv)).redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder said = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            said.append(line.strip()).append(' ');
        }
        if (line == null) {
            HostCommand.killTree(p.toHandle());
            throw new IOException("cannot set up " + what + ": " + (said.length() == 0 ? "it ended" : said.toString().strip()));
        }
        // unshare --fork: the reaper is unshare's only child (the mount script exec'd into it).
        long inner = p.toHandle().children().findFirst().map(ProcessHandle::pid)
                .orElseThrow(() -> new IOException("cannot set up " + what + ": its pid 1 is gone"));
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // the holder is gone
            }
        }, "namespace-holder-drain");
        drain.setDaemon(true);
        drain.start();
        return new NamespaceHolder(p, inner);
    }

    /** The reaper's pid as the machine numbers it: the target for {@code nsenter -t}. */
    long pid() {
        return innerPid;
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lifeline.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                HostCommand.killTree(process.toHandle());
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            HostCommand.killTree(process.toHandle());
        } catch (InterruptedException e) {
            HostCommand.killTree(process.toHandle());
            Thread.currentThread().interrupt();
        }
    }
}
