package depset.fsops;

import depset.trace.FileNames;
import java.net.URI;
import java.nio.file.Path;

/**
 * Java paths for exact file names. depset holds a name as its {@link FileNames} string form;
 * {@code Path.of(String)} encodes a string with the JVM's file-name charset ({@code sun.jnu.encoding},
 * UTF-8 or even ASCII by the locale), so it cannot name bytes that are not valid in that charset, and
 * {@code Path.toString()} decodes them lossily. But the default file system keeps a path as bytes, and
 * its file URIs carry those bytes percent-escaped both ways ({@code Path.of(p.toUri())} equals
 * {@code p}, byte for byte): so a name with any byte is a {@code Path} through a URI, and every
 * java.nio operation on it acts on exactly those bytes. Plain Java, no natives.
 */
public final class ExactPaths {
    private static final Path NOT_A_DIRECTORY = Path.of("/dev/null");
    private static final String NOT_A_DIRECTORY_URI = NOT_A_DIRECTORY.toUri().getRawPath();

    private ExactPaths() {
    }

    /** The path of a string-form name (absolute or relative); any bytes but NUL. */
    public static Path of(String name) {
        if (isAscii(name)) {
            return Path.of(name);
        }
        if (!name.startsWith("/")) {
            return relative(name);
        }
        return Path.of(URI.create("file://" + escape(FileNames.toBytes(name))));
    }

    /**
     * {@code base} resolved against a relative string-form name, component by component, so that
     * the name's bytes are kept whatever the base is.
     */
    public static Path resolve(Path base, String relative) {
        if (isAscii(relative)) {
            return base.resolve(relative);
        }
        Path p = base;
        for (String part : relative.split("/")) {
            if (!part.isEmpty()) {
                p = p.resolve(component(part));
            }
        }
        return p;
    }

    /** The string form of a path's exact bytes. */
    public static String name(Path path) {
        String s = path.toString();
        try {
            if (Path.of(s).equals(path)) {
                return s; // valid in the JVM's charset: the string is exact
            }
        } catch (java.nio.file.InvalidPathException e) {
            // not encodable: fall through to the bytes
        }
        byte[] b = bytesOf(path);
        return FileNames.fromBytes(b);
    }

    /**
     * The bytes of a path, from the file URI of the path put below {@code /dev/null}: making a URI
     * looks the path up (to end a directory's with "/"), and below a file that lookup fails at
     * once, never reaching another file system (a FUSE mount would record it).
     */
    private static byte[] bytesOf(Path path) {
        int names = path.getNameCount();
        if (names == 0) {
            return path.isAbsolute() ? new byte[] {'/'} : new byte[0];
        }
        Path relative = path.isAbsolute() ? path.subpath(0, names) : path;
        String raw = NOT_A_DIRECTORY.resolve(relative).toUri().getRawPath();
        int from = NOT_A_DIRECTORY_URI.length() + 1;
        byte[] out = new byte[raw.length() - from + 1];
        int n = 0;
        if (path.isAbsolute()) {
            out[n++] = '/';
        }
        for (int i = from; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                out[n++] = (byte) Integer.parseInt(raw.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static Path relative(String name) {
        Path p = null;
        for (String part : name.split("/")) {
            if (!part.isEmpty()) {
                Path c = component(part);
                p = p == null ? c : p.resolve(c);
            }
        }
        return p == null ? Path.of("") : p;
    }

    /** One name as a relative path of one element. */
    private static Path component(String part) {
        if (isAscii(part)) {
            return Path.of(part);
        }
        return Path.of(URI.create("file:///" + escape(FileNames.toBytes(part)))).getFileName();
    }

    /** Percent-escapes every byte but unreserved ASCII and '/'. */
    private static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-'
                    || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                if (c == 0) {
                    throw new IllegalArgumentException("a file name cannot hold a NUL byte");
                }
                sb.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return sb.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c == 0) {
                return false;
            }
        }
        return true;
    }
}
