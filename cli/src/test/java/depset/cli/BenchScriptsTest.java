package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code bench/} script, run once at a tiny size on this checkout's classes (DEPSET_CLASSPATH,
 * as bin/depset takes it), so that none rots unnoticed: each ends with status 0 and prints its
 * table. The figures themselves are not judged (benchmarks print them; docs/benchmarks.md keeps
 * them). This class holds the scripts that need only host programs; {@link BenchTracingScriptsTest}
 * and {@link BenchLampLoadScriptTest} hold the ones that trace. {@code bench/reliability.sh} wraps
 * LoadTest, which the fuse tier runs at full length;
 * {@code bench/conformance.sh} needs pjdfstest built from its repository (DEPSET_PJDFSTEST names it).
 */
@Tag("host")
@EnabledIf(value = "bashOnPath", disabledReason = "needs bash")
class BenchScriptsTest {
    static final Path BENCH = DepsetProcess.LAUNCHER.getParent().resolveSibling("bench");

    @TempDir
    Path dir;

    @Test
    void analyzer() throws Exception {
        String out = run(dir, Map.of("DEPSET_BENCH_TRACE", dir.resolve("t.jsonl").toString()), "analyzer.sh", "20000");
        assertThat(out).contains("events 19995").contains("every strategy:").contains("peak heap:");
    }

    @Test
    void bigtrace() throws Exception {
        String out = run(dir, Map.of(), "bigtrace.sh", "20000", "256m", dir.toString());
        assertThat(out).contains("| events | trace GB |").contains("| 20000 | 0.0 | 256m |");
    }

    static boolean bashOnPath() {
        return onPath("bash");
    }

    static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs bench/SCRIPT ARGS in DIR (at most 10 minutes); returns what it printed, stdout and stderr together. */
    static String run(Path dir, Map<String, String> env, String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", BENCH.resolve(script).toString()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve(script + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(new File("/dev/null"));
        pb.environment().putAll(env);
        DepsetProcess.onTheTestsClasses(pb);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(script + " did not end within 10 min: " + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(script + " said:\n" + out).isZero();
        return out;
    }
}
