package depset.build;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip with a header that holds nothing of the machine or the clock: the JDK writes mtime 0, no
 * file name and a fixed OS byte, so the same input gives the same bytes.
 */
final class Gzip {
    private Gzip() {
    }

    static GZIPOutputStream over(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16);
    }
}
