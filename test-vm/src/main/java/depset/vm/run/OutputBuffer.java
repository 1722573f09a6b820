package depset.vm.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A process's output, collected by a thread as it comes. Reading it never waits for end of file: a
 * service started by a step may keep the pipe open long after the step has ended.
 */
final class OutputBuffer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean ended;

    OutputBuffer(InputStream in, String name) {
        Thread t = new Thread(() -> pump(in), name);
        t.setDaemon(true);
        t.start();
    }

    private void pump(InputStream in) {
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                synchronized (this) {
                    bytes.write(chunk, 0, n);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone: what was read is kept
        }
        synchronized (this) {
            ended = true;
            notifyAll();
        }
    }

    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    synchronized boolean ended() {
        return ended;
    }

    /** Waits until more output comes, the stream ends, or {@code millis} pass. */
    synchronized void awaitMore(int seenLength, long millis) throws InterruptedException {
        if (bytes.size() == seenLength && !ended && millis > 0) {
            wait(millis);
        }
    }

    /** Gives the pump a moment to read what the process wrote just before it ended. */
    void settle(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (this) {
            while (!ended && System.currentTimeMillis() < deadline) {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
        }
    }
}
