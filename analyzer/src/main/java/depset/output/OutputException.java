package depset.output;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writing an output failed (a full or read-only disk, an I/O error): the message names the file
 * and the reason, and the command line exits with "the machine cannot do it".
 */
public final class OutputException extends IOException {
    private static final long serialVersionUID = 1L;

    public OutputException(Path file, IOException cause) {
        super(OutputFile.shown(file) + ": cannot write: " + reason(cause), cause);
    }

    public OutputException(String what, IOException cause) {
        super(what + ": cannot write: " + reason(cause), cause);
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
