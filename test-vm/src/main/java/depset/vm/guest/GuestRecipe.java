package depset.vm.guest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How to build a guest: a debootstrap of {@code suite} in {@code variant}, extra packages installed
 * without recommends, files written into the tree, and a setup script run inside it (with its services
 * startable, in private namespaces) once everything is installed.
 *
 * @param name     the guest's name ({@code ls}, {@code lamp})
 * @param suite    the Debian suite
 * @param variant  debootstrap's variant
 * @param packages packages installed with {@code apt-get install --no-install-recommends}
 * @param files    files written into the tree: path inside the guest → content
 * @param setup    a {@code /bin/sh} script run chrooted in the guest after the files are written
 */
public record GuestRecipe(String name, String suite, String variant, List<String> packages,
                          Map<String, String> files, Optional<String> setup) {
    /**
     * Bumped whenever {@link GuestBuilder} changes what it makes of a recipe, so that cached guests
     * built the old way are not reused.
     */
    static final int BUILD_PROCEDURE = 2;

    public GuestRecipe {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("guest names are lower-case letters, digits and '-': " + name);
        }
        packages = List.copyOf(packages);
        files = Map.copyOf(new TreeMap<>(files));
        for (String path : files.keySet()) {
            if (!path.startsWith("/") || path.contains("/../") || path.endsWith("/..")) {
                throw new IllegalArgumentException("a guest file needs an absolute path inside the guest: " + path);
            }
        }
    }

    /** The SHA-256 of everything that shapes the guest, in hex; the cache's key. */
    public String contentHash() {
        StringBuilder canon = new StringBuilder();
        canon.append("depset guest recipe\nprocedure ").append(BUILD_PROCEDURE).append('\n');
        canon.append("name ").append(name).append('\n');
        canon.append("suite ").append(suite).append('\n');
        canon.append("variant ").append(variant).append('\n');
        packages.stream().sorted().forEach(p -> canon.append("package ").append(p).append('\n'));
        new TreeMap<>(files).forEach((path, content) ->
                canon.append("file ").append(path).append(' ').append(sha256(content)).append('\n'));
        setup.ifPresent(s -> canon.append("setup ").append(sha256(s)).append('\n'));
        return sha256(canon.toString());
    }

    /** The cache directory's name: the guest's name and the first 12 hex digits of its hash. */
    public String cacheKey() {
        return name + "-" + contentHash().substring(0, 12);
    }

    private static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
