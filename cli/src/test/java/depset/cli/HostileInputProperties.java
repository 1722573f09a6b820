package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.meta.SourceRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The hostile-input probe made permanent: generated traces and manifests, each broken in one way
 * that no reader may accept, given to every command that reads them. Every run must end with exit
 * 3 and one line on stderr, write nothing but into the work directory's own output names, and
 * leave no partial output. A fixed number of tries per property (not a time budget), so a loaded
 * machine tests exactly as much as an idle one; jqwik prints the seed and the case that broke it.
 */
@Tag("unit")
class HostileInputProperties {
    private Path dir;
    private Path src;
    private String validSet;
    private String validTrace;

    @BeforeProperty
    void fixture() throws IOException {
        dir = Files.createTempDirectory("depset-hostile");
        src = Files.createDirectories(dir.resolve("src/etc")).getParent();
        Files.writeString(src.resolve("etc/a"), "a\n");
        Path set = dir.resolve("valid.json");
        ManifestEntry e = SourceRoot.of(src).entry("/etc/a", List.of(new Reason("test", 0, null, null)));
        ManifestJson.write(Manifest.of(src.toString(), "strict", List.of(), List.of("/bin/true"), List.of(), List.of(e)), set);
        validSet = Files.readString(set);
        validTrace = HostileTraces.simple().root(src.toString()).text("0");
    }

    @AfterProperty
    void cleanUp() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // --- what breaks a trace or a manifest, always (each is refused by the format's rules)

    /** A path that is not a normal absolute path of at most PATH_MAX bytes. */
    @Provide
    Arbitrary<String> badPaths() {
        Arbitrary<String> name = Arbitraries.strings().withChars("abc.-_\u00e9\u001b\\\"\n").ofMinLength(1).ofMaxLength(8)
                .filter(n -> !n.equals(".") && !n.equals(".."));
        return Arbitraries.oneOf(
                name.map(n -> n),                                  // relative
                name.map(n -> "/" + n + "/"),                      // trailing slash
                name.map(n -> "/" + n + "//x"),                    // empty component
                name.map(n -> "/" + n + "/./x"),                   // "."
                name.map(n -> "/" + n + "/../../etc/passwd"),      // ".."
                name.map(n -> "/" + n + "\u0000x"),                // NUL
                Arbitraries.integers().between(2_048, 30_000).map(n -> "/d".repeat(n)), // past PATH_MAX
                Arbitraries.integers().between(256, 400).map(n -> "/" + "n".repeat(n)), // past NAME_MAX
                Arbitraries.just(""));
    }

    /** Text that is no integer: a fraction, a string, a literal, or more than a long holds. */
    private static Arbitrary<String> notIntegers() {
        return Arbitraries.of("1.5", "\"1\"", "\"0755\"", "1e3", "-0.0", "null", "true", "99999999999999999999999");
    }

    /** A value outside {@code [min, max]} (as JSON text), or no integer at all. */
    private static Arbitrary<String> outside(long min, long max) {
        List<Arbitrary<String>> choices = new java.util.ArrayList<>();
        choices.add(notIntegers());
        if (min > Long.MIN_VALUE) {
            choices.add(Arbitraries.longs().between(Long.MIN_VALUE, min - 1).map(String::valueOf));
        }
        if (max < Long.MAX_VALUE) {
            choices.add(Arbitraries.longs().between(max + 1, Long.MAX_VALUE).map(String::valueOf));
        }
        return Arbitraries.oneOf(choices);
    }

    /** A trace field and a value outside its range. */
    @Provide
    Arbitrary<String[]> badTraceNumbers() {
        return Arbitraries.oneOf(
                outside(0, Integer.MAX_VALUE).map(v -> new String[] {"pid", v}),
                outside(0, Integer.MAX_VALUE).map(v -> new String[] {"tid", v}),
                outside(0, 07777).map(v -> new String[] {"mode", v}),
                outside(0, 4095).map(v -> new String[] {"result", v}),
                outside(-1, 255).map(v -> new String[] {"exitStatus", v}),
                outside(Integer.MIN_VALUE, 0xFFFF_FFFFL).map(v -> new String[] {"uid", v}),
                outside(0, Long.MAX_VALUE).map(v -> new String[] {"size", v}));
    }

    /** A manifest field and a value outside its range. */
    @Provide
    Arbitrary<String[]> badManifestNumbers() {
        return Arbitraries.oneOf(
                outside(0, 07777).map(v -> new String[] {"mode", v}),
                outside(0, Long.MAX_VALUE).map(v -> new String[] {"size", v}),
                outside(1, 1).map(v -> new String[] {"schemaVersion", v}),
                outside(Integer.MIN_VALUE, Integer.MAX_VALUE).map(v -> new String[] {"uid", v}));
    }

    /** A trace broken in one place. */
    @Provide
    Arbitrary<String> badTraces() {
        Arbitrary<String> path = badPaths().map(p -> validTrace.replace("\"path\":\"/etc/a\"", "\"path\":" + HostileTraces.json(p)));
        Arbitrary<String> number = badTraceNumbers()
                .map(f -> validTrace.replaceFirst("\"" + f[0] + "\":-?\\d+", "\"" + f[0] + "\":" + f[1]));
        Arbitrary<String> root = badPaths().map(p -> validTrace.replace("\"sourceRoot\":" + HostileTraces.json(src.toString()),
                "\"sourceRoot\":" + HostileTraces.json(p)));
        Arbitrary<String> tail = Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(t -> !t.isBlank())
                .map(t -> validTrace + t);
        Arbitrary<String> cut = Arbitraries.integers().between(1, 60)
                .map(n -> validTrace.substring(0, validTrace.indexOf('\n')).substring(0, n)); // a header cut short
        return Arbitraries.oneOf(path, number, root, tail, cut);
    }

    /** A manifest broken in one place. */
    @Provide
    Arbitrary<String> badManifests() {
        Arbitrary<String> path = badPaths().map(p -> validSet.replace("\"/etc/a\"", HostileTraces.json(p)));
        Arbitrary<String> number = badManifestNumbers()
                .map(f -> validSet.replaceFirst("\"" + f[0] + "\" : -?\\d+", "\"" + f[0] + "\" : " + f[1]));
        Arbitrary<String> version = Arbitraries.integers().between(2, 1000)
                .map(v -> validSet.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : " + v));
        Arbitrary<String> tail = Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(t -> !t.isBlank())
                .map(t -> validSet + t);
        Arbitrary<String> root = badPaths().map(p -> validSet.replaceFirst("\"sourceRoot\" : \"[^\"]*\"",
                java.util.regex.Matcher.quoteReplacement("\"sourceRoot\" : " + HostileTraces.json(p))));
        Arbitrary<String> duplicate = Arbitraries.of("\"strategy\" : \"strict\",", "\"important\" : [ ],")
                .map(d -> validSet.replaceFirst("\\{", "{" + d));
        return Arbitraries.oneOf(path, number, version, tail, root, duplicate);
    }

    // --- the properties

    @Property(tries = 100)
    void everyTraceReaderRefusesABrokenTrace(@ForAll("badTraces") String trace,
                                             @ForAll("traceCommands") List<String> command) throws IOException {
        Path t = Files.writeString(dir.resolve("t.jsonl"), trace, StandardCharsets.UTF_8);
        refused(command, t);
    }

    @Property(tries = 100)
    void everyManifestReaderRefusesABrokenManifest(@ForAll("badManifests") String manifest,
                                                   @ForAll("manifestCommands") List<String> command) throws IOException {
        Path m = Files.writeString(dir.resolve("m.json"), manifest, StandardCharsets.UTF_8);
        refused(command, m);
    }

    /** The commands that read a trace; OUT is an output name in the work directory. */
    @Provide
    Arbitrary<List<String>> traceCommands() {
        return Arbitraries.of(List.of("analyze", "IN", "-o", "OUT"), List.of("analyze", "IN", "-s", "all-strategies", "-o", "OUT"),
                List.of("show", "IN", "-o", "OUT"), List.of("show", "IN", "--format", "dot", "-o", "OUT"),
                List.of("query", "IN", "--descendants", "10"), List.of("why", "VALID", "/etc/b", "--trace", "IN"),
                List.of("report", "VALID", "--trace", "IN", "-o", "OUT"));
    }

    /** The commands that read a manifest, and build's writers. */
    @Provide
    Arbitrary<List<String>> manifestCommands() {
        return Arbitraries.of(List.of("diff", "IN", "VALID"), List.of("why", "IN", "/etc/a"), List.of("secrets", "IN"),
                List.of("licenses", "IN"), List.of("merge", "VALID", "IN", "-o", "OUT"), List.of("report", "IN", "-o", "OUT"),
                List.of("show", "IN", "-o", "OUT"), List.of("build", "IN", "--to", "OUT"), List.of("build", "IN", "--tar", "OUT"),
                // verify reads through the same ManifestJson.read, but a mistake here would run a sandbox: not unit.
                List.of("build", "IN", "--oci", "OUT"));
    }

    /** Runs {@code command} on {@code input}: exit 3, one line, nothing written, no partial output. */
    private void refused(List<String> command, Path input) throws IOException {
        Path valid = dir.resolve("valid.json");
        Files.writeString(valid, validSet);
        Path out = dir.resolve("out");
        Set<String> before = listing();
        String[] args = command.stream().map(a -> switch (a) {
            case "IN" -> input.toString();
            case "OUT" -> out.toString();
            case "VALID" -> valid.toString();
            default -> a;
        }).toArray(String[]::new);
        CliRun r = CliRun.of(args);
        assertThat(r.exit()).as("%s\n%s", String.join(" ", command), r.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("depset: ").doesNotContain("internal error").doesNotContain("\tat ");
        // Nor the insides of Java or Jackson: a type's name, a setting's, a NullPointerException's text.
        assertThat(r.err()).doesNotContain("java.", "[Source:", "Feature", "Cannot invoke");
        assertThat(r.err().chars().filter(c -> c < 0x20 && c != '\n')).as(r.err()).isEmpty();
        assertThat(listing()).as("written: nothing, no partial output").isEqualTo(before);
    }

    /** Every name below the work directory, to tell what a run wrote. */
    private Set<String> listing() {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
