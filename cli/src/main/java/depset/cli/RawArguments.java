package depset.cli;

import depset.trace.FileNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line arguments as the bytes the kernel passed, in {@link FileNames}' string form. The
 * JVM decodes arguments with the locale's charset and turns a byte that is not UTF-8 into U+FFFD,
 * so {@code depset why SET $'/usr/bad\xff'} would look up another name than the traced one; those
 * arguments are taken again from {@code /proc/self/cmdline}, as traced names are taken as bytes.
 */
final class RawArguments {
    private RawArguments() {
    }

    /** {@code args}, each one that the JVM could not decode replaced by its exact string form. */
    static String[] of(String[] args) {
        boolean lossy = false;
        for (String a : args) {
            lossy |= a.indexOf('\uFFFD') >= 0;
        }
        if (!lossy) {
            return args;
        }
        try {
            return decode(Files.readAllBytes(Path.of("/proc/self/cmdline")), args);
        } catch (IOException | SecurityException e) {
            return args;
        }
    }

    /** {@code args} with the lossy ones taken from the last {@code args.length} entries of {@code cmdline}. */
    static String[] decode(byte[] cmdline, String[] args) {
        List<byte[]> all = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                all.add(java.util.Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (all.size() < args.length) {
            return args;
        }
        String[] out = args.clone();
        int offset = all.size() - args.length;
        for (int i = 0; i < args.length; i++) {
            byte[] raw = all.get(offset + i);
            // Only where the bytes are what the JVM decoded (lossily): the same argument, exactly.
            if (args[i].indexOf('\uFFFD') >= 0 && new String(raw, StandardCharsets.UTF_8).equals(args[i])) {
                out[i] = FileNames.fromBytes(raw);
            }
        }
        return out;
    }
}
