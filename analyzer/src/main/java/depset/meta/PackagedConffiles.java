package depset.meta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The configuration files dpkg installed and the MD5 of the text each package shipped
 * ({@code Conffiles:} in {@code var/lib/dpkg/status}). A conffile whose bytes are still the shipped
 * ones holds the package's published default, not anything of the user's: Debian's
 * {@code /etc/ssl/openssl.cnf} has {@code challengePassword = A challenge password} (a prompt) and
 * OpenSSL's demo {@code secret = pass:insta} on every Debian machine. Once the user edits it, it is
 * theirs again and scanned like any other file.
 */
public final class PackagedConffiles {
    private static final String STATUS = "/var/lib/dpkg/status";

    private final Map<String, String> shippedMd5; // path → md5 hex as dpkg wrote it

    PackagedConffiles(Map<String, String> shippedMd5) {
        this.shippedMd5 = Map.copyOf(shippedMd5);
    }

    /**
     * The conffiles of {@code rootDir}'s dpkg database; none for a root without one. Reads the
     * status alone; a command that reads the whole database takes {@link DpkgDatabase#conffiles()}.
     */
    public static PackagedConffiles of(Path rootDir) {
        SourceRoot root = SourceRoot.of(rootDir);
        Map<String, String> md5 = new HashMap<>();
        Path status = root.host(STATUS);
        try {
            if (Files.isRegularFile(status, LinkOption.NOFOLLOW_LINKS)) {
                for (Map<String, String> p : ControlFile.parse(Files.readString(status, StandardCharsets.UTF_8))) {
                    addDigests(p, md5);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            md5.clear(); // an unreadable database vouches for nothing: every file is scanned
        }
        return new PackagedConffiles(md5);
    }

    /**
     * Adds the digests of one status paragraph's {@code Conffiles:} field, lines
     * " PATH MD5 [obsolete|remove-on-upgrade]"; "newconffile" is not a digest and never matches.
     */
    static void addDigests(Map<String, String> paragraph, Map<String, String> md5) {
        String field = paragraph.get("Conffiles");
        if (field == null) {
            return;
        }
        for (String line : field.split("\n")) {
            String[] words = line.trim().split(" +");
            if (words.length >= 2 && words[0].startsWith("/") && words[1].length() == 32) {
                md5.put(words[0], words[1]);
            }
        }
    }

    /** True when {@code path} is a conffile and its bytes in the root are exactly the shipped ones. */
    public boolean unchanged(String path, Path hostFile) {
        String shipped = shippedMd5.get(path);
        if (shipped == null) {
            return false;
        }
        try (InputStream in = Files.newInputStream(hostFile, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest()).equalsIgnoreCase(shipped);
        } catch (IOException | NoSuchAlgorithmException e) {
            return false;
        }
    }
}
