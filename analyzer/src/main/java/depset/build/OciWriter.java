package depset.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a {@link BuildPlan} as an OCI image layout (image-spec v1.0): {@code oci-layout},
 * {@code index.json} naming the image by a tag, and under {@code blobs/sha256} one gzipped layer
 * (the {@link TarWriter} tar), the image config (entrypoint and arguments from the traced command)
 * and the image manifest. Written by hand because jib-core drops symlinks from layers. Reproducible:
 * JSON with fixed key order and no creation time unless an mtime epoch is given.
 */
public final class OciWriter {
    public static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";
    /** The PATH of the image's environment: the traced run's own environment is not recorded. */
    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SourceTree source;
    private final Long mtimeEpochSeconds;

    public OciWriter(SourceTree source, Long mtimeEpochSeconds) {
        this.source = source;
        this.mtimeEpochSeconds = mtimeEpochSeconds;
    }

    /** A blob as an OCI descriptor names it. */
    public record Blob(String digest, long size) {
    }

    /** What was written: the image manifest's blob and the layer's. */
    public record Result(Blob manifest, Blob layer, String diffId) {
    }

    public Result write(BuildPlan plan, Path dir, String tag, boolean force) throws IOException {
        TargetPlace.refuseSymlink("--oci", dir); // as --to: never write through a link, --force or not
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(dir)) {
                if (s.findAny().isPresent() && !force) {
                    throw new DirectoryNotEmptyException(dir + " is not empty (--force writes into it anyway)");
                }
            }
        }
        Path blobs = dir.resolve("blobs").resolve("sha256");
        Files.createDirectories(blobs);
        // A --force layout may hold links where our directories go: write only into real ones.
        for (Path d : List.of(dir.resolve("blobs"), blobs)) {
            if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                throw new depset.trace.BadInputException(depset.trace.FileNames.printable(d.toString())
                        + " is not a directory (a symlink?); refusing to write the layout through it");
            }
        }

        MessageDigest diff = sha256();
        MessageDigest compressed = sha256();
        Path tmp = Files.createTempFile(blobs, ".layer", ".tmp");
        long size;
        try {
            try (OutputStream file = Files.newOutputStream(tmp);
                 CountingOutputStream counted = new CountingOutputStream(new BufferedOutputStream(file, 1 << 16));
                 DigestOutputStream gzDigest = new DigestOutputStream(counted, compressed);
                 GZIPOutputStream gz = Gzip.over(gzDigest);
                 DigestOutputStream tarDigest = new DigestOutputStream(gz, diff)) {
                new TarWriter(source, mtimeEpochSeconds).write(plan, tarDigest);
                tarDigest.flush();
                gz.finish();
                gzDigest.flush();
                counted.flush();
                size = counted.count;
            }
            String hex = HexFormat.of().formatHex(compressed.digest());
            Files.move(tmp, blobs.resolve(hex), StandardCopyOption.REPLACE_EXISTING);
            Blob layer = new Blob("sha256:" + hex, size);
            String diffId = "sha256:" + HexFormat.of().formatHex(diff.digest());

            Blob config = writeBlob(blobs, configJson(plan.manifest().command(), diffId));
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MANIFEST_TYPE);
            manifest.set("config", descriptor(CONFIG_TYPE, config));
            manifest.putArray("layers").add(descriptor(LAYER_TYPE, layer));
            Blob manifestBlob = writeBlob(blobs, manifest);

            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", INDEX_TYPE);
            ObjectNode m = descriptor(MANIFEST_TYPE, manifestBlob);
            m.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
            index.putArray("manifests").add(m);
            byte[] indexBytes = JSON.writeValueAsBytes(index);
            // Replaced by rename, never written through a link a --force target holds.
            depset.output.OutputFile.write(dir.resolve("index.json"), true, o -> o.write(indexBytes));
            depset.output.OutputFile.write(dir.resolve("oci-layout"), true,
                    o -> o.write("{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8)));
            return new Result(manifestBlob, layer, diffId);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private ObjectNode configJson(List<String> command, String diffId) {
        ObjectNode c = JSON.createObjectNode();
        if (mtimeEpochSeconds != null) {
            c.put("created", Instant.ofEpochSecond(mtimeEpochSeconds).toString());
        }
        c.put("architecture", architecture());
        c.put("os", "linux");
        ObjectNode config = c.putObject("config");
        config.putArray("Env").add(DEFAULT_PATH);
        if (!command.isEmpty()) {
            config.putArray("Entrypoint").add(command.get(0));
            ArrayNode cmd = config.putArray("Cmd");
            command.subList(1, command.size()).forEach(cmd::add);
        }
        config.put("WorkingDir", "/");
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId);
        ObjectNode history = c.putArray("history").addObject();
        if (mtimeEpochSeconds != null) {
            history.put("created", Instant.ofEpochSecond(mtimeEpochSeconds).toString());
        }
        history.put("created_by", "depset build");
        return c;
    }

    /** The image-spec name of the JVM's architecture. */
    static String architecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "x86", "i386" -> "386";
            default -> arch;
        };
    }

    private static ObjectNode descriptor(String mediaType, Blob blob) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", blob.digest());
        d.put("size", blob.size());
        return d;
    }

    private static Blob writeBlob(Path blobs, ObjectNode json) throws IOException {
        byte[] bytes = JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        String hex = HexFormat.of().formatHex(sha256().digest(bytes));
        depset.output.OutputFile.write(blobs.resolve(hex), true, o -> o.write(bytes));
        return new Blob("sha256:" + hex, bytes.length);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
