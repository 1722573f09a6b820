package depset.trace;

import java.nio.charset.StandardCharsets;

/**
 * File names are bytes; depset holds them in Java strings, exactly, by the rule Python calls
 * {@code surrogateescape} (PEP 383):
 *
 * <ul>
 *   <li>bytes that form valid UTF-8 are decoded as UTF-8;</li>
 *   <li>every other byte {@code b} (0x80–0xFF) becomes the char {@code U+DC00 + b}, a lone low
 *       surrogate (U+DC80–U+DCFF), which no valid UTF-8 decodes to.</li>
 * </ul>
 *
 * <p>So every byte string has exactly one such string and back; a name that is valid UTF-8 is
 * simply its text. In JSON (the trace, the manifest) these strings are written as ordinary JSON
 * strings, where a lone surrogate can only appear as the escape <code>&#92;udcXX</code>: the name
 * {@code a\xffb} is the JSON string <code>"a&#92;udcffb"</code>.
 *
 * <p>The native side holds names as <em>byte strings</em> instead (one char 0–255 per byte,
 * ISO-8859-1): {@link #fromNative} and {@link #toNative} convert, allocation-free for ASCII.
 */
public final class FileNames {
    private FileNames() {
    }

    /** The string form of the bytes {@code b[off, off + len)}. */
    public static String fromBytes(byte[] b, int off, int len) {
        StringBuilder out = null;
        int end = off + len;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xff;
            int n = c < 0x80 ? 1 : sequenceLength(b, i, end);
            if (n == 1 && c < 0x80) {
                if (out != null) {
                    out.append((char) c);
                }
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(len);
                for (int j = off; j < i; j++) {
                    out.append((char) b[j]);
                }
            }
            if (n == 0) {
                out.append((char) (0xDC00 | c));
                i++;
            } else {
                out.append(new String(b, i, n, StandardCharsets.UTF_8));
                i += n;
            }
        }
        return out == null ? new String(b, off, len, StandardCharsets.US_ASCII) : out.toString();
    }

    /** The string form of a whole byte array. */
    public static String fromBytes(byte[] b) {
        return fromBytes(b, 0, b.length);
    }

    /** The bytes a string form stands for; throws IllegalArgumentException when it is not one. */
    public static byte[] toBytes(String s) {
        byte[] out = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c >= 0xDC80 && c <= 0xDCFF) {
                out[n++] = (byte) (c & 0xff);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                byte[] u = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(u, 0, out, n, u.length);
                n += u.length;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(String.format("lone surrogate U+%04X is not a byte of a name", (int) c));
            } else {
                byte[] u = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(u, 0, out, n, u.length);
                n += u.length;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** True when {@code s} is a string form (no surrogate but U+DC80–U+DCFF stands alone). */
    public static boolean isValid(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c) || (c >= 0xDC80 && c <= 0xDCFF)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            return false;
        }
        return true;
    }

    /** The string form of a byte string (ISO-8859-1 chars); the same object when it is ASCII. */
    public static String fromNative(String bytes) {
        if (bytes == null || isAsciiByteString(bytes)) {
            return bytes;
        }
        return fromBytes(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The byte string (ISO-8859-1 chars) of a string form; the same object when it is ASCII. */
    public static String toNative(String name) {
        if (name == null || isAscii(name)) {
            return name;
        }
        return new String(toBytes(name), StandardCharsets.ISO_8859_1);
    }

    /**
     * A string form shown on one line of a terminal: a control character (C0, DEL and the C1
     * controls U+0080–U+009F, which some terminals obey as escape sequences), a backslash and a
     * byte that is not UTF-8 become {@code \xHH} escapes of their bytes ({@code \\} for the
     * backslash); other text is kept. Every name that reaches a terminal goes through here.
     */
    public static String printable(String name) {
        return printable(name, true);
    }

    /**
     * A whole message made safe for one terminal line, as a last guard where messages are printed:
     * the escapes of {@link #printable(String)} but for the backslash, so that names the message
     * already shows printable are not escaped twice.
     */
    public static String printableLine(String message) {
        return printable(message, false);
    }

    private static String printable(String name, boolean escapeBackslash) {
        if (name == null) {
            return "null";
        }
        StringBuilder sb = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean c1 = c >= 0x80 && c <= 0x9f;
            boolean escape = c < 0x20 || c == 0x7f || c1 || c == '\\' && escapeBackslash || (c >= 0xDC80 && c <= 0xDCFF);
            if (escape && sb == null) {
                sb = new StringBuilder(name.length() + 8).append(name, 0, i);
            }
            if (sb == null) {
                continue;
            }
            if (c == '\\') {
                sb.append(escapeBackslash ? "\\\\" : "\\");
            } else if (c1) {
                sb.append(String.format("\\xc2\\x%02x", (int) c)); // its UTF-8 bytes
            } else if (escape) {
                sb.append(String.format("\\x%02x", c & 0xff));
            } else {
                sb.append(c);
            }
        }
        return sb == null ? name : sb.toString();
    }

    /** The longest path a system call takes, in bytes without the NUL (Linux PATH_MAX - 1). */
    public static final int MAX_PATH_BYTES = 4095;
    /** The longest name of one component, in bytes (Linux NAME_MAX). */
    public static final int MAX_NAME_BYTES = 255;

    /**
     * Why {@code path} is not a normal absolute path inside a root, or null when it is one: the one
     * rule every reader (trace, manifest, command-line argument) and writer applies. A normal path
     * starts with {@code /}, has no empty, {@code .} or {@code ..} component (so no {@code //} and
     * no trailing {@code /}, except {@code /} itself), no NUL, components of at most
     * {@value #MAX_NAME_BYTES} bytes and at most {@value #MAX_PATH_BYTES} bytes in all: no system
     * call takes a longer one, and the bound keeps every per-component cost small.
     */
    public static String pathProblem(String path) {
        if (path == null) {
            return "missing";
        }
        if (!path.startsWith("/")) {
            return "not absolute";
        }
        String common = textProblem(path);
        if (common != null) {
            return common;
        }
        if (path.length() == 1) {
            return null;
        }
        int start = 1;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            int len = end - start;
            if (len == 0) {
                return "has an empty component (\"//\" or a trailing \"/\")";
            }
            if (len == 1 && path.charAt(start) == '.' || len == 2 && path.startsWith("..", start)) {
                return "has a \"" + path.substring(start, end) + "\" component";
            }
            if (byteLength(path, start, end) > MAX_NAME_BYTES) {
                return "has a component longer than " + MAX_NAME_BYTES + " bytes";
            }
            start = end + 1;
        }
        return null;
    }

    /**
     * Why {@code target} cannot be a symlink's target, or null: it must be non-empty, hold no NUL
     * and fit {@value #MAX_PATH_BYTES} bytes (it may be relative and hold {@code ..}).
     */
    public static String targetProblem(String target) {
        if (target == null || target.isEmpty()) {
            return "empty";
        }
        return textProblem(target);
    }

    private static String textProblem(String s) {
        if (s.indexOf('\0') >= 0) {
            return "holds a NUL byte";
        }
        if (s.length() > MAX_PATH_BYTES || byteLength(s, 0, s.length()) > MAX_PATH_BYTES) {
            return "is longer than " + MAX_PATH_BYTES + " bytes";
        }
        if (!isValid(s)) {
            return "holds a lone surrogate that stands for no byte";
        }
        return null;
    }

    /** The number of bytes {@code s[from, to)} stands for. */
    private static int byteLength(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80 || c >= 0xDC80 && c <= 0xDCFF) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #isAscii} for a byte string (chars 0–255 only): its UTF-8 form is one byte per char
     * exactly when every char is below 0x80, as a char from 0x80 up takes two. The JDK makes that
     * form of such a (Latin-1) string in one scan and one copy, where the loop over {@code charAt}
     * cost the request path, which asks this of every name it records, several calls per char for
     * as long as the JIT had not compiled it. Not for string forms: a lone surrogate would pass,
     * being one {@code ?} in UTF-8.
     */
    static boolean isAsciiByteString(String bytes) {
        return bytes.getBytes(StandardCharsets.UTF_8).length == bytes.length();
    }

    /**
     * The length of the well-formed UTF-8 sequence starting at {@code i} (RFC 3629: no overlong
     * forms, no surrogates, nothing above U+10FFFF), or 0 when there is none.
     */
    private static int sequenceLength(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int c1 = b[i + 1] & 0xff;
        if (c1 < lo || c1 > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int ck = b[i + k] & 0xff;
            if (ck < 0x80 || ck > 0xBF) {
                return 0;
            }
        }
        return n;
    }
}
