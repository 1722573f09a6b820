package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Issue 18's proof that the default's caching (attributes, and directories' names) is lossless, on the host root: bench/overhead.sh's
 * workloads and the request patterns the attribute cache answers (a stat after a lookup, a walk, probes of
 * missing names, fstat of a descriptor opened by the same process), each traced with {@code depset run} by
 * default and with {@code --no-cache}, give every strategy the same set (path, type, the executables of
 * the processes in its reasons); a directory may
 * name fewer processes by default: those that searched it without naming it (see
 * {@link StrategySets#differencesFromExact}).
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CacheModesFuseTest {
    @TempDir
    Path work;

    static Stream<String> workloads() {
        return Stream.of(
                "/usr/bin/python3 -c 'import json,email,http.server'",
                "find /usr/share/doc -xdev -name copyright -exec cat {} + > /dev/null",
                "mkdir -p /tmp/u && tar -cf /tmp/u/t.tar -C /usr/lib/python3.11 json email && tar -xf /tmp/u/t.tar -C /tmp/u",
                // stat after the lookup, walks, probes along PATH, ls -l (an lstat per entry), fstat of an open file
                "stat /etc/hostname /usr/bin > /dev/null; ls -l /etc /usr/lib > /dev/null; command -v nope; "
                        + "test -e /etc/no-such-file; wc -c /etc/os-release > /dev/null; cd /usr/share && ls > /dev/null");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void everyStrategysSetIsTheSameWithAttributesCachedAsWithNothingCached(String workload) throws Exception {
        StrategySets cached = StrategySets.of(traced(workload, "cached", List.of()), List.of());
        StrategySets exact = StrategySets.of(traced(workload, "exact", List.of("--no-cache")), List.of());
        System.err.println("[" + workload + "]: directories searched unseen by default: " + cached.directoriesSearchedUnseen(exact));
        assertThat(cached.differencesFromExact(exact))
                .as(workload + " (default: " + cached.sizes() + "; --no-cache: " + exact.sizes() + ")").isEmpty();
        assertThat(exact.byStrategy().get("strict")).as("a set to compare").isNotEmpty();
    }

    private Path traced(String workload, String label, List<String> flags) throws Exception {
        Path trace = work.resolve(label + ".jsonl");
        List<String> args = new java.util.ArrayList<>(List.of("run", "--root", "/", "--trace", trace.toString()));
        args.addAll(flags);
        args.addAll(List.of("--", "/bin/sh", "-c", workload));
        DepsetProcess.Result r = DepsetProcess.start(work, args.toArray(String[]::new)).await(4);
        assertThat(r.status()).as(workload + " " + flags + ": " + r.stderr()).isZero();
        return trace;
    }
}
