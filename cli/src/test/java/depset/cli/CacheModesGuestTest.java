package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.vm.run.ShippedSequences;
import depset.vm.sequence.Sequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18's proof that attribute caching (the default) is lossless: every shipped sequence traced by
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
        StrategySets cached = StrategySets.of(traced(name, "cached", List.of()), s.important());
        StrategySets exact = StrategySets.of(traced(name, "exact", List.of("--no-cache")), s.important());
        System.err.println(name + ": directories searched unseen by default: " + cached.directoriesSearchedUnseen(exact));
        assertThat(cached.differencesFromExact(exact))
                .as(name + " (default: " + cached.sizes() + "; --no-cache: " + exact.sizes() + ")").isEmpty();
        assertThat(exact.byStrategy().get("strict")).as("a set to compare").isNotEmpty();
    }

    private Path traced(String name, String label, List<String> flags) throws Exception {
        Path trace = work.resolve(name + "-" + label + ".jsonl");
        List<String> args = new java.util.ArrayList<>(List.of("run", "--sequence", name, "--trace", trace.toString()));
        args.addAll(flags);
        DepsetProcess.Result r = DepsetProcess.start(work, args.toArray(String[]::new)).await(20);
        assertThat(r.status()).as(name + " " + flags + ": " + r.stderr()).isZero();
        assertThat(Files.size(trace)).isPositive();
        return trace;
    }
}
