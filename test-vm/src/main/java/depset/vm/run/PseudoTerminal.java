package depset.vm.run;

import depset.sandbox.HostCommand;
import depset.vm.host.HostScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal of the machine, held open by a small relay outside the guest (Python's
 * {@code os.openpty}): what is written to {@link #keyboard()} is typed on the terminal, what the
 * terminal shows comes out of {@link #screen()}. Whatever runs on the {@link #slave()} (the guest's
 * {@code login}, which makes it its controlling terminal) sees a real terminal; the guest's /dev,
 * bound from the machine's, has the same /dev/pts. Closing the relay closes the master: the kernel
 * then hangs the terminal up, and the shell on it ends.
 */
final class PseudoTerminal implements AutoCloseable {
    private final Process relay;
    private final Path slave;

    private PseudoTerminal(Process relay, Path slave) {
        this.relay = relay;
        this.slave = slave;
    }

    static PseudoTerminal open() throws IOException {
        Process p = new ProcessBuilder(HostScript.PTY_RELAY.argv())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // Read the slave's name byte by byte: a buffered reader would swallow the screen's first bytes.
        InputStream in = p.getInputStream();
        StringBuilder name = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            name.append((char) c);
        }
        if (c == -1 || !name.toString().startsWith("/dev/pts/")) {
            HostCommand.killTree(p.toHandle());
            throw new IOException("cannot open a pseudo-terminal (python3 os.openpty): " + name);
        }
        return new PseudoTerminal(p, Path.of(name.toString()));
    }

    /** The slave side's path, to start a program on. */
    Path slave() {
        return slave;
    }

    OutputStream keyboard() {
        return relay.getOutputStream();
    }

    InputStream screen() {
        return relay.getInputStream();
    }

    @Override
    public void close() {
        try {
            relay.getOutputStream().close();
            if (!relay.waitFor(5, TimeUnit.SECONDS)) {
                HostCommand.killTree(relay.toHandle());
            }
        } catch (IOException e) {
            HostCommand.killTree(relay.toHandle());
        } catch (InterruptedException e) {
            HostCommand.killTree(relay.toHandle());
            Thread.currentThread().interrupt();
        }
    }
}
