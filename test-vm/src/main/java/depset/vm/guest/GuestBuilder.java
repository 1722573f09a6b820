package depset.vm.guest;

import depset.sandbox.HostChecks;
import depset.vm.host.GuestMounts;
import depset.sandbox.HostCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds guests from recipes with debootstrap and apt, into a {@link GuestCache}. Services are kept
 * from starting while packages install by a {@code policy-rc.d} that exits 101, removed afterwards.
 */
public final class GuestBuilder {
    /** The environment variable that names the Debian mirror, overriding the machine's apt sources. */
    public static final String MIRROR_VARIABLE = "DEPSET_MIRROR";
    private static final Path DEBOOTSTRAP = Path.of("/usr/sbin/debootstrap");
    private static final Duration DEBOOTSTRAP_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(5);
    private static final Map<String, String> APT_ENV = Map.of(
            "DEBIAN_FRONTEND", "noninteractive", "LC_ALL", "C", "LANG", "C",
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

    private final GuestCache cache;
    private final Optional<String> mirror;

    /**
     * @param cache  where guests are kept
     * @param mirror the Debian mirror; when empty, {@value #MIRROR_VARIABLE}, then the machine's apt
     *               sources decide
     */
    public GuestBuilder(GuestCache cache, Optional<String> mirror) {
        this.cache = cache;
        this.mirror = mirror;
    }

    /** A builder for the cache and mirror the environment names. */
    public static GuestBuilder fromEnvironment() {
        return new GuestBuilder(GuestCache.fromEnvironment(), Optional.empty());
    }

    public GuestCache cache() {
        return cache;
    }

    /** The guest built from {@code recipe}: from the cache when its hash is there, else built now. */
    public Guest obtain(GuestRecipe recipe) throws IOException, GuestBuildException {
        String hash = recipe.contentHash();
        Path cached = cache.pathOf(recipe.cacheKey());
        if (Files.isDirectory(cached)) {
            return new Guest(recipe.name(), hash, cached, true);
        }
        checkEnvironment();
        String mirrorUri = resolveMirror(recipe.suite());
        checkReachable(mirrorUri, recipe.suite());
        return cache.obtain(recipe.name(), hash, recipe.cacheKey(), (dir, log) -> build(recipe, mirrorUri, dir, log));
    }

    /** The mirror to use: the constructor's, {@value #MIRROR_VARIABLE}, or the apt sources'. */
    public String resolveMirror(String suite) throws IOException, GuestBuildException {
        if (mirror.isPresent()) {
            return mirror.get();
        }
        String env = System.getenv(MIRROR_VARIABLE);
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        return AptSources.mirrorFor(AptSources.read(Path.of("/etc/apt")), suite)
                .orElseThrow(() -> new GuestBuildException("no Debian mirror for " + suite
                        + " in /etc/apt/sources.list or /etc/apt/sources.list.d/; set " + MIRROR_VARIABLE
                        + " (or --mirror) to one, e.g. http://deb.debian.org/debian"));
    }

    /**
     * Whether this machine can build and run guests: it can trace (root, /dev/fuse, libfuse2) and has
     * debootstrap (the guest test tier runs only where it is true; the mirror is checked when a guest is built).
     */
    public static boolean canBuildGuests() {
        return HostChecks.canTrace() && Files.isExecutable(DEBOOTSTRAP);
    }

    private static void checkEnvironment() throws GuestBuildException {
        if (!HostChecks.isRoot()) {
            throw new GuestBuildException("building a guest needs root (debootstrap, chroot, mount)");
        }
        if (!Files.isExecutable(DEBOOTSTRAP)) {
            throw new GuestBuildException("debootstrap is not installed: apt-get install debootstrap");
        }
    }

    /** Fails with one line naming the mirror and what to set when its Release file cannot be fetched. */
    static void checkReachable(String mirrorUri, String suite) throws GuestBuildException {
        String what = "the Debian mirror " + mirrorUri + " is unreachable";
        String fix = "; set " + MIRROR_VARIABLE + " (or --mirror) to a reachable Debian mirror";
        URI release;
        try {
            release = URI.create(mirrorUri + "/dists/" + suite + "/Release");
            if (release.getScheme() == null || !release.getScheme().startsWith("http")) {
                throw new GuestBuildException("the Debian mirror " + mirrorUri + " is not an http(s) URL" + fix);
            }
        } catch (IllegalArgumentException e) {
            throw new GuestBuildException("the Debian mirror " + mirrorUri + " is not a URL" + fix);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(release).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                throw new GuestBuildException(what + " (HTTP " + r.statusCode() + " for " + release + ")" + fix);
            }
        } catch (IOException e) {
            throw new GuestBuildException(what + " (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + ")" + fix);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestBuildException(what + " (interrupted)" + fix);
        }
    }

    private void build(GuestRecipe recipe, String mirrorUri, Path dir, Path log)
            throws IOException, GuestBuildException {
        step("debootstrap", log, HostCommand.run(List.of(DEBOOTSTRAP.toString(), "--variant=" + recipe.variant(),
                recipe.suite(), dir.toString(), mirrorUri), APT_ENV, DEBOOTSTRAP_TIMEOUT, log));
        Path policy = dir.resolve("usr/sbin/policy-rc.d");
        if (!recipe.packages().isEmpty()) {
            // Installing must not start services: invoke-rc.d asks policy-rc.d, and 101 means "no".
            Files.writeString(policy, "#!/bin/sh\n# depset: no service starts while the guest is built\nexit 101\n");
            Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> install = new ArrayList<>(List.of("/bin/sh", "-c",
                    "apt-get update -q && apt-get install -y -q --no-install-recommends \"$@\" && apt-get clean",
                    "install"));
            install.addAll(recipe.packages());
            step("apt-get install", log, HostCommand.run(GuestMounts.chrooted(dir, false, install),
                    APT_ENV, APT_TIMEOUT, log));
        }
        for (Map.Entry<String, String> f : recipe.files().entrySet()) {
            Path target = dir.resolve(f.getKey().substring(1));
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
        }
        if (recipe.setup().isPresent()) {
            Path script = dir.resolve("tmp/depset-setup.sh");
            Files.writeString(script, recipe.setup().get(), StandardCharsets.UTF_8);
            // Its own empty network namespace: a database started here never meets the machine's ports.
            HostCommand.Result r = HostCommand.run(GuestMounts.chrooted(dir, true,
                    List.of("/bin/sh", "/tmp/depset-setup.sh")), APT_ENV, SETUP_TIMEOUT, log);
            Files.deleteIfExists(script);
            step("the setup script", log, r);
        }
        Files.deleteIfExists(policy);
    }

    private static void step(String what, Path log, HostCommand.Result r) throws GuestBuildException {
        if (r.timedOut()) {
            throw new GuestBuildException(what + " timed out while building the guest (log: " + log + ")");
        }
        if (r.status() != 0) {
            throw new GuestBuildException(what + " failed with status " + r.status() + ": " + r.lastLine()
                    + " (log: " + log + ")");
        }
    }
}
