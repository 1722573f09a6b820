package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import depset.trace.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The warm-up serves real requests through a throwaway mount that only its own thread sees: the
 * JVM's mount table and temporary directory never show it, and no thread stays in its namespace.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class WarmUpTest {
    private static final Path SELF_NS = Path.of("/proc/self/ns/mnt");

    @Test
    void servesRequestsOfEveryKindWhereTheRestOfTheJvmNeverSeesIt() throws Exception {
        Set<Path> dirsBefore = warmUpDirs();
        String ns = Files.readSymbolicLink(SELF_NS).toString();
        WarmUp warmUp = WarmUp.start(40, true);
        Set<String> namespacesSeen = new HashSet<>();
        while (warmUp.isRunning()) {
            assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
                    .noneMatch(l -> l.contains("depset-warmup"));
            assertThat(warmUpDirs()).isEqualTo(dirsBefore);
            namespacesSeen.addAll(threadNamespaces());
        }
        Map<Op, Long> served = warmUp.awaitEnd();

        assertThat(served.values().stream().mapToLong(Long::longValue).sum()).as("the requests of 40 rounds: " + served)
                .isGreaterThan(4000);
        assertThat(served).as("lookups (found and not), opens, reads, readdirs, readlinks, creations, writes,"
                + " renames, utimens, unlinks").containsKeys(Op.GETATTR, Op.OPEN, Op.RELEASE, Op.OPENDIR, Op.READDIR,
                Op.RELEASEDIR, Op.READLINK, Op.CREATE, Op.RENAME, Op.UTIMENS, Op.UNLINK);
        assertThat(namespacesSeen).as("the warm-up's thread had a namespace of its own").contains(ns).hasSizeGreaterThan(1);
        assertThat(warmUpDirs()).isEqualTo(dirsBefore);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (!threadNamespaces().equals(Set.of(ns))) {
                Thread.sleep(20);
            }
        }, "every thread of the JVM back in its namespace once the warm-up ended");
    }

    @Test
    void theTerminalsCtrlCAndCtrlBackslashDoNotEndItsClient() throws Exception {
        // They reach the whole foreground process group, the client with the JVM; the JVM decides.
        WarmUp warmUp = WarmUp.start(40, true);
        ProcessHandle client = null;
        while (client == null && warmUp.isRunning()) {
            client = ProcessHandle.current().children()
                    .filter(c -> c.info().arguments().map(a -> String.join(" ", a)).orElse("").contains("depset-warmup"))
                    .findFirst().orElse(null);
        }
        assertThat(client).as("the warm-up's client, seen while it ran").isNotNull();
        for (String signal : List.of("-INT", "-QUIT")) {
            new ProcessBuilder("kill", signal, Long.toString(client.pid())).start().waitFor();
        }
        assertThat(warmUp.awaitEnd().values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(4000);
    }

    /**
     * Its threads see every file the rest of the JVM sees: the request workers load depset's classes
     * as they first need them, from a class path that may be under the temporary directory (a clone
     * in /tmp), which a tmpfs over it hid from them (NoClassDefFoundError, every later test failing).
     */
    @Test
    void itsThreadsSeeTheTemporaryDirectoryAndTheClassPathAsTheJvmDoes() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path marker = Files.createTempFile(tmp, "warm-up-test-", ".marker");
        Path classes = Path.of(WarmUp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        WarmUp warmUp = WarmUp.start(1_000_000, true);
        try {
            Path view = assertTimeoutPreemptively(Duration.ofSeconds(60), WarmUpTest::warmUpThreadsView,
                    "a thread of the warm-up, its mount made");
            assertThat(view.resolve(tmp.toString().substring(1)).resolve(marker.getFileName()))
                    .as("the temporary directory, seen from the warm-up's namespace").exists();
            assertThat(view.resolve(classes.toString().substring(1)))
                    .as("depset's classes, seen from the warm-up's namespace").exists();
        } finally {
            warmUp.stop();
            assertThatThrownBy(warmUp::awaitEnd).isInstanceOf(IOException.class);
            Files.delete(marker);
        }
    }

    /**
     * The root of a thread in the warm-up's namespace once its files are made ({@code /proc/self/task/TID/root},
     * through which paths resolve in that thread's namespace); waits for it.
     */
    private static Path warmUpThreadsView() throws Exception {
        String ns = Files.readSymbolicLink(SELF_NS).toString();
        while (true) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : tasks.toList()) {
                    try {
                        if (!Files.readSymbolicLink(t.resolve("ns/mnt")).toString().equals(ns)
                                && madeItsFiles(t.resolve("root"))) {
                            return t.resolve("root");
                        }
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                }
            }
            Thread.sleep(5);
        }
    }

    /** Whether the warm-up's directory shows, wherever it made it, in a thread's view. */
    private static boolean madeItsFiles(Path root) throws IOException {
        for (String dir : List.of("/dev/shm", System.getProperty("java.io.tmpdir"))) {
            try (Stream<Path> s = Files.list(root.resolve(dir.substring(1)))) {
                if (s.anyMatch(p -> p.getFileName().toString().startsWith("depset-warmup"))) {
                    return true;
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // no such directory here
            }
        }
        return false;
    }

    @Test
    void stopsAtOnceWhenTheSetUpFailed() {
        WarmUp warmUp = WarmUp.start(1_000_000, true);
        warmUp.stop();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                assertThatThrownBy(warmUp::awaitEnd).isInstanceOf(IOException.class).hasMessageContaining("stopped"));
        assertThat(warmUp.isRunning()).isFalse();
    }

    private static Set<String> threadNamespaces() throws IOException {
        Set<String> seen = new HashSet<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    seen.add(Files.readSymbolicLink(t.resolve("ns/mnt")).toString());
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return seen;
    }

    /** The warm-up's directories the JVM sees, where it makes them and in the temporary directory. */
    private static Set<Path> warmUpDirs() throws IOException {
        Set<Path> dirs = new HashSet<>();
        for (Path parent : Set.of(WarmUp.hiddenDirectory(), Path.of(System.getProperty("java.io.tmpdir")))) {
            try (Stream<Path> s = Files.list(parent)) {
                s.filter(p -> p.getFileName().toString().startsWith("depset-warmup")).forEach(dirs::add);
            }
        }
        return dirs;
    }
}
