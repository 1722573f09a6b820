package depset.vm.eval;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The files a chrooted command reached, read from {@code strace -f -y -o LOG -e trace=%file,execve chroot
 * ROOT …}: the paths (in the root's terms) that a process opened, exec'd or stat'ed successfully
 * ({@code open*}, {@code creat}, {@code exec*}, the {@code stat} and {@code access} families,
 * {@code readlink*}, {@code statfs}, {@code chdir}, the {@code getxattr}/{@code listxattr} family), and
 * the entries a process made with {@code mkdir} or {@code mknod} (the directory they were made in was
 * reached). A failed lookup names no file of the root; the other calls that change the tree (unlink,
 * rename …) are not reads. {@code readlink} of a path that is no link fails with EINVAL, but the path exists.
 *
 * <p>Everything before the first successful {@code chroot} is chroot(8) itself on the machine's side;
 * its argument is the root's path as the machine sees it. A relative path is resolved against the
 * directory {@code -y} prints for its dirfd (the machine's path of a directory in the root, from which
 * the root's path is cut), or, for the calls without a dirfd,
 * against the last working directory the process showed. Lines of one call split by another process
 * ({@code <unfinished ...>} and {@code <... NAME resumed>}) are joined first.
 */
public final class StraceLog {
    private static final Set<String> OPENS = Set.of("open", "openat", "openat2", "creat");
    private static final Set<String> EXECS = Set.of("execve", "execveat");
    private static final Set<String> LOOKS = Set.of("stat", "lstat", "stat64", "lstat64", "newfstatat", "fstatat64",
            "statx", "access", "faccessat", "faccessat2", "readlink", "readlinkat", "statfs", "statfs64", "chdir",
            "getxattr", "lgetxattr", "listxattr", "llistxattr", "mkdir", "mkdirat", "mknod", "mknodat");
    private static final Set<String> WITH_DIRFD = Set.of("openat", "openat2", "execveat", "newfstatat", "fstatat64",
            "statx", "faccessat", "faccessat2", "readlinkat", "mkdirat", "mknodat");
    private static final String UNFINISHED = " <unfinished ...>";

    private final SortedSet<String> reached;
    private final SortedSet<String> executed;
    private final int unresolved;

    private StraceLog(SortedSet<String> reached, SortedSet<String> executed, int unresolved) {
        this.reached = java.util.Collections.unmodifiableSortedSet(reached);
        this.executed = java.util.Collections.unmodifiableSortedSet(executed);
        this.unresolved = unresolved;
    }

    /** Every path reached (exec'd ones too), sorted, absolute in the root, normalized. */
    public SortedSet<String> reached() {
        return reached;
    }

    /** The paths exec'd successfully. */
    public SortedSet<String> executed() {
        return executed;
    }

    /** Relative paths of successful calls whose directory the log does not tell (left out). */
    public int unresolved() {
        return unresolved;
    }

    /**
     * Reads the log's lines ({@code -f} into one file: each line starts with the pid); the command
     * traced was {@code chroot ROOT …} with ROOT an absolute path without symlinks.
     */
    public static StraceLog parse(List<String> lines) {
        String prefix = null;
        Map<Integer, String> pending = new HashMap<>();
        Map<Integer, String> cwd = new HashMap<>();
        SortedSet<String> reached = new TreeSet<>();
        SortedSet<String> executed = new TreeSet<>();
        int unresolved = 0;
        for (String raw : lines) {
            int space = raw.indexOf(' ');
            if (space <= 0 || !raw.substring(0, space).chars().allMatch(Character::isDigit)) {
                continue;
            }
            int pid = Integer.parseInt(raw.substring(0, space));
            String call = raw.substring(space + 1).stripLeading();
            if (call.endsWith(UNFINISHED)) {
                pending.put(pid, call.substring(0, call.length() - UNFINISHED.length()));
                continue;
            }
            if (call.startsWith("<... ")) {
                String start = pending.remove(pid);
                int resumed = call.indexOf(" resumed>");
                if (start == null || resumed < 0) {
                    continue;
                }
                call = start + call.substring(resumed + " resumed>".length());
            }
            Call c = Call.of(call);
            if (c == null) {
                continue;
            }
            if (prefix == null) {
                if (c.name().equals("chroot") && c.result() == 0 && c.path() != null && c.path().startsWith("/")) {
                    String root = normalize(c.path());
                    prefix = root.equals("/") ? "" : root;
                }
                continue;
            }
            if (c.dirfd() != null && c.dirfd().startsWith("AT_FDCWD<")) {
                String dir = inRoot(c.dirfd().substring("AT_FDCWD".length()), prefix);
                if (dir != null) {
                    cwd.put(pid, dir);
                }
            }
            boolean exec = EXECS.contains(c.name());
            boolean ok = exec ? c.result() == 0
                    : OPENS.contains(c.name()) ? c.result() >= 0
                    : LOOKS.contains(c.name()) && (c.result() >= 0
                    || c.name().startsWith("readlink") && "EINVAL".equals(c.errno()));
            if (!ok || c.path() == null || c.path().isEmpty()) {
                continue;
            }
            String base = null;
            if (!c.path().startsWith("/")) {
                int lt = c.dirfd() == null ? -1 : c.dirfd().indexOf('<');
                base = lt >= 0 ? inRoot(c.dirfd().substring(lt), prefix)
                        : c.dirfd() == null || c.dirfd().equals("AT_FDCWD") ? cwd.get(pid) : null;
                if (base == null) {
                    unresolved++;
                    continue;
                }
            }
            String path = normalize(base == null ? c.path() : base + "/" + c.path());
            reached.add(path);
            if (exec) {
                executed.add(path);
            }
            if (c.name().equals("chdir")) {
                cwd.put(pid, path);
            }
        }
        return new StraceLog(reached, executed, unresolved);
    }

    /** {@code <PATH>} as the root sees it, or null when it is outside the root (or no path). */
    private static String inRoot(String annotation, String prefix) {
        if (!annotation.startsWith("<") || !annotation.endsWith(">")) {
            return null;
        }
        String p = unescape(annotation.substring(1, annotation.length() - 1));
        if (p.endsWith(" (deleted)")) {
            p = p.substring(0, p.length() - " (deleted)".length());
        }
        if (p.equals(prefix)) {
            return "/";
        }
        return p.startsWith(prefix + "/") ? p.substring(prefix.length()) : null;
    }

    /** {@code path} without ".", "..", or doubled and trailing slashes (as a user's script would see it). */
    static String normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(p);
        }
        return "/" + String.join("/", parts);
    }

    /** strace's C escapes ({@code \"}, {@code \\}, {@code \n}, octal, {@code \xHH}) back to the name's bytes, as UTF-8. */
    static String unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '\\' || i + 1 >= b.length) {
                out.write(b[i]);
                continue;
            }
            char e = (char) b[++i];
            switch (e) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'v' -> out.write(0x0b);
                case 'f' -> out.write('\f');
                case 'x' -> {
                    int v = 0;
                    int n = 0;
                    while (n < 2 && i + 1 < b.length && Character.digit(b[i + 1], 16) >= 0) {
                        v = v * 16 + Character.digit(b[++i], 16);
                        n++;
                    }
                    out.write(v);
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int n = 1; n < 3 && i + 1 < b.length && b[i + 1] >= '0' && b[i + 1] <= '7'; n++) {
                            v = v * 8 + (b[++i] - '0');
                        }
                        out.write(v);
                    } else {
                        out.write(e);
                    }
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * One system call line, as much of it as the set needs.
     *
     * @param dirfd  the first argument of a call with a dirfd, as printed ({@code AT_FDCWD</dir>}, {@code 3</dir>});
     *               null for the calls without one
     * @param path   the path argument, unescaped; null when strace printed an address instead
     * @param result the return value; -1 for an error, and also for "?" (a call that never returned)
     * @param errno  the error's name, or null
     */
    record Call(String name, String dirfd, String path, long result, String errno) {
        private static final java.util.regex.Pattern RESULT = java.util.regex.Pattern.compile("\\)\\s+= ");

        static Call of(String line) {
            int open = line.indexOf('(');
            if (open <= 0 || !line.substring(0, open).chars().allMatch(ch -> Character.isLetterOrDigit(ch)
                    || ch == '_')) {
                return null;
            }
            String name = line.substring(0, open);
            // strace pads a short call's ") = " to a column, and a resumed one keeps the padding
            java.util.regex.Matcher m = RESULT.matcher(line);
            int resultAt = -1;
            while (m.find()) {
                resultAt = m.end();
            }
            if (resultAt < 0) {
                return null;
            }
            String[] ret = line.substring(resultAt).strip().split("\\s+");
            long result;
            try {
                result = Long.parseLong(ret[0].replaceFirst("<.*", ""));
            } catch (NumberFormatException e) {
                result = -1;
            }
            String errno = result == -1 && ret.length > 1 && ret[1].matches("E[A-Z0-9]+") ? ret[1] : null;
            int i = open + 1;
            String dirfd = null;
            if (WITH_DIRFD.contains(name)) {
                int end = argumentEnd(line, i);
                dirfd = line.substring(i, end);
                i = end + 1;
                while (i < line.length() && line.charAt(i) == ' ') {
                    i++;
                }
            }
            String path = null;
            if (i < line.length() && line.charAt(i) == '"') {
                int end = i + 1;
                while (end < line.length() && line.charAt(end) != '"') {
                    end += line.charAt(end) == '\\' ? 2 : 1;
                }
                // A path that strace cut ("..." after the quote) names no file: left out.
                if (end < line.length() && !line.startsWith("...", end + 1)) {
                    path = unescape(line.substring(i + 1, end));
                }
            }
            return new Call(name, dirfd, path, result, errno);
        }

        /** Where the argument starting at {@code i} ends: the comma after it, outside {@code <…>}. */
        private static int argumentEnd(String line, int i) {
            int j = i;
            boolean inAngle = false;
            while (j < line.length()) {
                char ch = line.charAt(j);
                if (ch == '\\') {
                    j += 2;
                    continue;
                }
                if (ch == '<') {
                    inAngle = true;
                } else if (ch == '>') {
                    inAngle = false;
                } else if (ch == ',' && !inAngle) {
                    return j;
                }
                j++;
            }
            return line.length();
        }
    }
}
