package depset.output;

import depset.trace.BadInputException;
import depset.trace.FileNames;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way depset writes a file the user named ({@code -o}, {@code --tar}, an OCI layout's
 * files): into a temporary sibling, flushed to the disk, then renamed over the name. So the name
 * holds the old file or the whole new one, never a 0-byte or partial file (a full disk, a kill); a
 * symlink at the name is refused unless {@code force}, and even then replaced, never followed
 * (rename(2) replaces the link itself); a failure names the file.
 */
public final class OutputFile {
    private OutputFile() {
    }

    /** What writes the content. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** What writes the content as text (UTF-8). */
    @FunctionalInterface
    public interface TextBody {
        void writeTo(Writer out) throws IOException;
    }

    /**
     * Writes {@code target} whole or not at all.
     *
     * @throws BadInputException  when the target is a directory, or a symlink and {@code force} is off
     * @throws OutputException    when writing fails (ENOSPC, EROFS, EIO …); the message names the file
     */
    public static void write(Path target, boolean force, Body body) throws IOException {
        Path file = target.toAbsolutePath().normalize();
        check(file, force);
        Path tmp = create(file);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                ch.force(true); // a full disk can surface only here (delayed allocation)
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (OutputException | BadInputException e) {
            throw e;
        } catch (IOException e) {
            throw new OutputException(file, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** As {@link #write(Path, boolean, Body)}, for text written as UTF-8. */
    public static void writeText(Path target, boolean force, TextBody body) throws IOException {
        write(target, force, out -> {
            Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8.newEncoder());
            body.writeTo(w);
            w.flush();
        });
    }

    /** Refuses a target that is a directory, or a symlink without {@code force}. */
    public static void check(Path target, boolean force) {
        Path file = target.toAbsolutePath().normalize();
        if (file.getParent() == null || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException(shown(file) + " is a directory; name a file");
        }
        if (Files.isSymbolicLink(file) && !force) {
            throw new BadInputException(shown(file) + " is a symlink; depset does not write through one"
                    + " (--force replaces the link itself)");
        }
    }

    /** A new, empty sibling with the umask's permissions (unlike a temp file's 0600). */
    private static Path create(Path file) throws IOException {
        String name = file.getFileName().toString();
        String base = "." + (name.length() > 100 ? name.substring(0, 100) : name) + ".";
        while (true) {
            Path tmp = file.resolveSibling(base + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                // another name
            } catch (IOException e) {
                throw new OutputException(file, e);
            }
        }
    }

    static String shown(Path p) {
        return FileNames.printable(depset.fsops.ExactPaths.name(p));
    }
}
