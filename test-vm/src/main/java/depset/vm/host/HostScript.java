package depset.vm.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python scripts depset runs on the machine's side of a guest (each documented at its top, in
 * {@code src/main/resources/depset/vm/host}), with the machine's {@code python3}.
 */
public enum HostScript {
    /** A pseudo-terminal relay (prints the slave's name, then relays): for {@code login} and typed lines. */
    PTY_RELAY("pty-relay.py"),
    /** An HTTP GET: {@code URL TIMEOUT_SECONDS}; exits 22 on an HTTP error, 7 when nothing answers. */
    HTTP_GET("http-get.py"),
    /** Waits until a TCP port answers: {@code HOST PORT SECONDS}; exits 1 when it did not in time. */
    WAIT_PORT("wait-port.py"),
    /** The rows of a ReproZip trace's database: {@code TRACE_DIR/trace.sqlite3}. */
    REPROZIP_EVENTS("reprozip-events.py");

    private final String file;

    HostScript(String file) {
        this.file = file;
    }

    /** The script's text. */
    public String text() {
        try (InputStream in = HostScript.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is missing from depset's classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code python3 -u -c SCRIPT ARGS…} (unbuffered: a relay's output must not wait in a buffer). */
    public List<String> argv(String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/python3", "-u", "-c", text()));
        argv.addAll(List.of(args));
        return argv;
    }
}
