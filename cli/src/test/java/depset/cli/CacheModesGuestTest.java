package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.hosts.HostTraces;
import depset.vm.run.ShippedSequences;
import depset.vm.sequence.Sequence;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18's proof that the default's caching (attributes, and directories' names with the walks the
 * analysis derives) is lossless: every shipped sequence traced by
 * default and with {@code --no-cache} gives every strategy the same set, entry for entry (path, type,
 * the executables of the processes in its reasons). A directory may
 * name fewer processes by default: those that searched it without naming it (see
 * {@link StrategySets#differencesFromExact}). A sequence added to {@link ShippedSequences} is checked too.
 */
@Tag("guest")
@EnabledIf(value = "depset.vm.guest.GuestBuilder#canBuildGuests",
        disabledReason = "the guest tier needs root, /dev/fuse, libfuse2 and debootstrap")
@Timeout(value = 30, unit = TimeUnit.MINUTES) // builds a guest when it is not cached yet
class CacheModesGuestTest {
    @TempDir
    Path work;

    static Stream<String> shippedSequences() {
        return ShippedSequences.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedSequences")
    void everyStrategysSetIsTheSameWithAttributesCachedAsWithNothingCached(String name) throws Exception {
        Sequence s = ShippedSequences.byName(name).orElseThrow();
        Path cachedTrace = traced(name, "cached", List.of());
        Path exactTrace = traced(name, "exact", List.of("--no-cache"));
        // A multi-host sequence writes a trace per host, each analysed with that host's important processes.
        Map<String, List<String>> hosts = new LinkedHashMap<>();
        if (s.multiHost()) {
            s.hosts().forEach(h -> hosts.put(h.name(), h.important()));
        } else {
            hosts.put("", s.important());
        }
        hosts.forEach((host, important) -> {
            String what = host.isEmpty() ? name : name + " host " + host;
            try {
                StrategySets cached = StrategySets.of(host.isEmpty() ? cachedTrace : HostTraces.of(cachedTrace, host), important);
                StrategySets exact = StrategySets.of(host.isEmpty() ? exactTrace : HostTraces.of(exactTrace, host), important);
                System.err.println(what + ": directories searched unseen by default: " + cached.directoriesSearchedUnseen(exact));
                assertThat(cached.differencesFromExact(exact))
                        .as(what + " (default: " + cached.sizes() + "; --no-cache: " + exact.sizes() + ")").isEmpty();
                assertThat(exact.byStrategy().get("strict")).as(what + ": a set to compare").isNotEmpty();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private Path traced(String name, String label, List<String> flags) throws Exception {
        Path trace = work.resolve(name + "-" + label + ".jsonl");
        List<String> args = new java.util.ArrayList<>(List.of("run", "--sequence", name, "--trace", trace.toString()));
        args.addAll(flags);
        DepsetProcess.Result r = DepsetProcess.start(work, args.toArray(String[]::new)).await(20);
        if (r.status() != 0) {
            // Once more: a service's own start-up race (a port open before the server accepts) is the
            // sequence's to fix, and its failure here would compare nothing.
            System.err.println(name + " " + flags + ": failed, traced again: " + r.stderr());
            r = DepsetProcess.start(work, args.toArray(String[]::new)).await(20);
        }
        assertThat(r.status()).as(name + " " + flags + ": " + r.stderr()).isZero();
        return trace;
    }
}
