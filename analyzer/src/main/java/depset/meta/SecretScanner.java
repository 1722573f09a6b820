package depset.meta;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.trace.FileType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flags the entries of a deployment set that look like credentials, so that {@code depset build} can
 * warn (or leave them out with {@code --exclude-secrets}) and the report can mark them. Shipping a
 * developer's box to a server is how a private key ends up in an image.
 *
 * <p>Rules, by name: {@code /etc/shadow}, {@code /etc/gshadow} (and their {@code -} backups), SSH host
 * keys ({@code /etc/ssh/ssh_host_*_key}), SSH user keys ({@code .ssh/id_*} without {@code .pub}),
 * {@code .netrc}, {@code .pgpass}, {@code .my.cnf}, {@code .env} files, MariaDB's {@code debian.cnf}.
 * By content (regular text files of at most {@value #MAX_SCAN_BYTES} bytes, read from the source root):
 * a PEM private key header at the start of a line followed by base64, and, in configuration files, a
 * password-like field with a value. Binaries are never read as text: {@code ssh-keygen} contains the
 * PEM header as a string literal. A password-like field in a conffile still byte-identical to what its
 * Debian package shipped is the package's public default, not a credential ({@link PackagedConffiles}).
 */
public final class SecretScanner {
    /** Files larger than this are not read (keys and config files are small). */
    public static final int MAX_SCAN_BYTES = 256 * 1024;

    private static final Pattern PEM = Pattern.compile(
            "(?m)^-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----\\r?\\n(?:[A-Za-z0-9-]+: .*\\r?\\n)*\\r?\\n?[A-Za-z0-9+/=]{16,}");
    private static final Pattern PASSWORD_FIELD = Pattern.compile(
            "(?im)^[ \\t]*([A-Za-z0-9_.\\-]*(?:password|passwd|passphrase|secret|api[_-]?key)[A-Za-z0-9_.\\-]*)"
                    + "[ \\t]*[=:][ \\t]*(\\S[^\\r\\n]*)$");
    private static final Set<String> NOT_A_VALUE = Set.of("yes", "no", "true", "false", "on", "off", "none", "null",
            "\"\"", "''", "<password>");
    private static final Set<String> CONFIG_SUFFIXES = Set.of(".cnf", ".conf", ".cfg", ".ini", ".properties", ".yml",
            ".yaml", ".json", ".toml", ".env");

    private final depset.build.SourceTree root;
    private final PackagedConffiles conffiles;

    private SecretScanner(depset.build.SourceTree root, PackagedConffiles conffiles) {
        this.root = root;
        this.conffiles = conffiles;
    }

    /**
     * A scanner that reads file contents from {@code sourceRoot}, inside it exactly as
     * {@code depset build} does ({@link depset.build.SourceTree#regularFile}): never through a
     * symlinked parent, never a path that climbs out.
     */
    public static SecretScanner of(Path sourceRoot) {
        return of(sourceRoot, PackagedConffiles.of(sourceRoot));
    }

    /** As {@link #of(Path)}, with the conffiles of a dpkg database already read. */
    public static SecretScanner of(Path sourceRoot, PackagedConffiles conffiles) {
        return new SecretScanner(new depset.build.SourceTree(sourceRoot, depset.fsops.PosixFiles.jdkOnly()),
                conffiles);
    }

    /** The findings for every entry of {@code manifest}, in path order. */
    public List<SecretFinding> scan(Manifest manifest) {
        List<SecretFinding> out = new ArrayList<>();
        for (ManifestEntry e : manifest.entries()) {
            check(e).ifPresent(out::add);
        }
        return out;
    }

    /**
     * {@code manifest} without the entries in {@code findings}, for {@code depset build --exclude-secrets}:
     * verify then shows what breaks without them. The process table is kept.
     */
    public static Manifest without(Manifest manifest, List<SecretFinding> findings) {
        java.util.Set<String> drop = new java.util.HashSet<>();
        for (SecretFinding f : findings) {
            drop.add(f.path());
        }
        List<ManifestEntry> kept = new ArrayList<>();
        for (ManifestEntry e : manifest.entries()) {
            if (!drop.contains(e.path())) {
                kept.add(e);
            }
        }
        return new Manifest(manifest.schemaVersion(), manifest.sourceRoot(), manifest.strategy(), manifest.important(),
                manifest.command(), manifest.traces(), kept, null, manifest.processes());
    }

    /** The finding for one entry, if it looks like a credential. Only regular files can be one. */
    public Optional<SecretFinding> check(ManifestEntry e) {
        if (e.type() != FileType.FILE) {
            return Optional.empty();
        }
        Optional<SecretFinding> byName = byName(e.path());
        if (byName.isPresent()) {
            return byName;
        }
        if (e.size() > MAX_SCAN_BYTES || e.size() == 0) {
            return Optional.empty();
        }
        Path host = root.regularFile(e.path());
        String text = host == null ? null : readText(host);
        if (text == null) {
            return Optional.empty();
        }
        Matcher pem = PEM.matcher(text);
        if (pem.find()) {
            return Optional.of(new SecretFinding(e.path(), "private-key",
                    "PEM " + pem.group(1).toLowerCase(Locale.ROOT) + " header on line " + lineOf(text, pem.start())));
        }
        if (isConfig(e.path()) && !isPolicyFormat(e.path())) {
            Matcher m = PASSWORD_FIELD.matcher(text);
            while (m.find()) {
                String value = m.group(2).trim();
                if (!NOT_A_VALUE.contains(value.toLowerCase(Locale.ROOT))) {
                    // Hashed only on a match: most of /etc has no password-like field.
                    return conffiles.unchanged(e.path(), host) ? Optional.empty()
                            : Optional.of(new SecretFinding(e.path(), "password-field",
                            "field \"" + m.group(1) + "\" has a value on line " + lineOf(text, m.start(1))));
                }
            }
        }
        return Optional.empty();
    }

    /** The rules that need no content: well-known credential files. */
    static Optional<SecretFinding> byName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String parent = path.substring(0, Math.max(0, path.lastIndexOf('/')));
        String kind = null;
        String reason = null;
        if (path.equals("/etc/shadow") || path.equals("/etc/shadow-") || path.equals("/etc/gshadow")
                || path.equals("/etc/gshadow-")) {
            kind = "shadow";
            reason = "password hashes (" + name + ")";
        } else if (parent.equals("/etc/ssh") && name.startsWith("ssh_host_") && name.endsWith("_key")) {
            kind = "ssh-key";
            reason = "SSH host private key";
        } else if (parent.endsWith("/.ssh") && name.startsWith("id_") && !name.endsWith(".pub")) {
            kind = "ssh-key";
            reason = "SSH user private key";
        } else if (name.equals(".netrc")) {
            kind = "netrc";
            reason = ".netrc: machine logins and passwords";
        } else if (name.equals(".pgpass")) {
            kind = "pgpass";
            reason = ".pgpass: PostgreSQL passwords";
        } else if (name.equals(".my.cnf")) {
            kind = "my-cnf";
            reason = ".my.cnf: MySQL/MariaDB client credentials";
        } else if (name.equals(".env") || name.startsWith(".env.")) {
            kind = "env-file";
            reason = ".env file: environment settings, often credentials";
        } else if (path.equals("/etc/mysql/debian.cnf")) {
            kind = "password-field";
            reason = "MariaDB maintenance account credentials (debian.cnf)";
        }
        return kind == null ? Optional.empty() : Optional.of(new SecretFinding(path, kind, reason));
    }

    /**
     * Configuration formats whose "password"/"passwd" keys name a database, a PAM module type or a
     * password policy, never a credential: nsswitch.conf ({@code passwd: files}), PAM
     * ({@code password required pam_unix.so}), login.defs ({@code PASS_MAX_DAYS}), the account
     * databases without hashes, adduser/deluser settings, pam_pwquality and friends in
     * /etc/security. Their password-field matches are the false positives that teach users to
     * ignore the warning; a PEM key in them is still found.
     */
    static boolean isPolicyFormat(String path) {
        return POLICY_FILES.contains(path) || path.startsWith("/etc/pam.d/") || path.startsWith("/etc/security/");
    }

    private static final Set<String> POLICY_FILES = Set.of("/etc/nsswitch.conf", "/etc/pam.conf", "/etc/login.defs",
            "/etc/passwd", "/etc/group", "/etc/adduser.conf", "/etc/deluser.conf", "/etc/default/useradd",
            "/etc/libuser.conf");

    private static boolean isConfig(String path) {
        if (path.startsWith("/usr/share/") || path.startsWith("/usr/lib/")) {
            return false; // documentation and examples, shipped by packages, hold sample passwords
        }
        if (path.startsWith("/etc/")) {
            return true;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && CONFIG_SUFFIXES.contains(name.substring(dot).toLowerCase(Locale.ROOT));
    }

    /** The file's text, or null when it cannot be read or is binary (a NUL byte). */
    private static String readText(Path host) {
        try (InputStream in = Files.newInputStream(host, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MAX_SCAN_BYTES);
            for (byte b : bytes) {
                if (b == 0) {
                    return null;
                }
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
