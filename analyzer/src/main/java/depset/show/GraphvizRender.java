package depset.show;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders DOT to SVG or PNG with Graphviz's {@code dot}, when it is installed. */
public final class GraphvizRender {
    private GraphvizRender() {
    }

    /** The {@code dot} program on PATH, or null. */
    public static Path dotProgram() {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "dot");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Renders {@code dot} source to {@code out} in {@code format} ("svg" or "png").
     *
     * @throws IOException when dot is missing or fails; the message has dot's first error line
     */
    public static void render(String dotSource, String format, Path out) throws IOException {
        render(dotSource, format, out, false);
    }

    /** As {@link #render(String, String, Path)}; {@code force} replaces a symlink at {@code out}. */
    public static void render(String dotSource, String format, Path out, boolean force) throws IOException {
        Path dot = dotProgram();
        if (dot == null) {
            throw new IOException("Graphviz's dot is not installed (apt-get install graphviz)");
        }
        // dot writes to our stream, which the one output writer puts in place whole or not at all.
        depset.output.OutputFile.write(out, force, o -> run(dot, format, dotSource, o));
    }

    private static void run(Path dot, String format, String dotSource, OutputStream out) throws IOException {
        Path errors = Files.createTempFile("depset-dot", ".err");
        try {
            Process p = new ProcessBuilder(List.of(dot.toString(), "-T" + format))
                    .redirectError(errors.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(dotSource.getBytes(StandardCharsets.UTF_8));
            }
            p.getInputStream().transferTo(out);
            await(p, Files.readString(errors, StandardCharsets.ISO_8859_1).trim());
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static void await(Process p, String err) throws IOException {
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("dot took more than 10 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while dot ran");
        }
        if (p.exitValue() != 0) {
            int nl = err.indexOf('\n');
            throw new IOException("dot failed (exit " + p.exitValue() + "): " + (nl < 0 ? err : err.substring(0, nl)));
        }
    }
}
