package depset.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mounts of this process's mount namespace, from {@code /proc/self/mountinfo}. */
public final class MountTable {

    /** One line of mountinfo: where, what type, from which source. */
    public record Entry(String mountPoint, String fsType, String source) {
        /** True when this mount is {@code dir} or lies below it. */
        public boolean isAtOrBelow(String dir) {
            return mountPoint.equals(dir) || mountPoint.startsWith(dir.endsWith("/") ? dir : dir + "/");
        }
    }

    private MountTable() {
    }

    /** The current mounts, in mount order. */
    public static List<Entry> read() throws IOException {
        return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
    }

    /** Parses mountinfo lines: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - TYPE SOURCE SUPEROPTS". */
    public static List<Entry> parse(List<String> lines) {
        List<Entry> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 7 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            out.add(new Entry(unescape(f[4]), f[dash + 1], unescape(f[dash + 2])));
        }
        return out;
    }

    /** True when {@code path} is a mount point now. */
    public static boolean isMountPoint(Path path) throws IOException {
        String p = path.toAbsolutePath().normalize().toString();
        return read().stream().anyMatch(e -> e.mountPoint().equals(p));
    }

    /** mountinfo escapes space, tab, newline and backslash as octal ("\040"). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
