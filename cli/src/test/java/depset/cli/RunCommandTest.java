package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.FileEvent;
import depset.trace.Op;
import depset.trace.Phase;
import depset.trace.ProcessEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code depset run} end to end, as a user runs it (bin/depset, which starts the one JVM in a
 * private mount namespace): real overlay, real TraceFs, real pid namespace and chroot.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class RunCommandTest {
    /** What depset's own set-up touches through the mount: the mount points it mounts on, and the root. */
    private static final Set<String> SETUP_PATHS = Set.of("/", "/proc", "/dev", "/sys", "/run");
    /** The kernel's numbers for two scheduling policies: the default, and BatchPolicy's. */
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_BATCH = 3;

    @TempDir
    Path dir;

    @AfterEach
    void nothingStaysMounted() throws Exception {
        // A run mounts only in its private namespace; nothing of it may show here. (Other depset
        // mounts may exist on a shared machine: only this test's paths are looked for.)
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).noneMatch(l -> l.contains(dir.toString()));
    }

    @Test
    void statsCountTheRequestsByKindAsTheTraceHoldsThemAndNoCacheSendsMoreGetattrs() throws Exception {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        for (String mode : List.of("--no-cache", "default")) {
            List<String> args = new ArrayList<>(List.of("run", "--stats", "--root", "/", "--trace", "t.jsonl"));
            if (!mode.equals("default")) {
                args.add(mode);
            }
            args.addAll(List.of("--", "/usr/bin/stat", "/etc/hostname", "/usr/bin", "/usr/lib"));
            DepsetProcess.Result r = DepsetProcess.run(dir, args.toArray(String[]::new));
            assertThat(r.status()).as(r.stderr()).isZero();
            String line = r.stderr().lines().filter(l -> l.matches("depset: \\d+ requests: .*")).findFirst().orElseThrow();
            TracedRun t = TracedRun.read(dir.resolve("t.jsonl"));
            long total = Long.parseLong(line.split(" ")[1]);
            assertThat(total).as(line).isEqualTo(t.fileEvents().size());
            long getattrs = t.fileEvents().stream().filter(f -> f.op() == Op.GETATTR).count();
            assertThat(line).contains("getattr " + getattrs);
            counts.put(mode, getattrs);
        }
        assertThat(counts.get("default")).as("the getattrs that repeat a lookup's are answered by the kernel")
                .isLessThan(counts.get("--no-cache"));
    }

    @Test
    void onTheJavaTheLauncherPicksItselfARunSaysNoWarning() throws Exception {
        // JDK 24 and later warn about jnr's JNI and Unsafe use unless bin/jvm-options.sh allows it.
        DepsetProcess.Result r = DepsetProcess.runOnItsOwnJava(dir, "run", "--root", "/", "--trace", "t.jsonl",
                "--", "/bin/sh", "-c", "echo ran");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("ran\n");
        assertThat(r.stderr()).doesNotContainIgnoringCase("warning");
        assertThat(TracedRun.read(dir.resolve("t.jsonl")).complete).isTrue();
    }

    @Test
    void depsetsThreadsAreScheduledAsDocumentedAndTheTracedProgramAsItWouldBe() throws Exception {
        // The traced shell says its own policy and nice value, then waits in a sleep that the test
        // ends once it has looked at depset's threads.
        DepsetProcess d = DepsetProcess.start(dir, "run", "--root", "/", "--trace", "t.jsonl", "--",
                "/bin/sh", "-c", "chrt -p $$; echo \"nice $(cut -d' ' -f19 /proc/$$/stat)\"; sleep 60; true");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(d.out).contains("nice")) {
            assertThat(d.process.isAlive()).as("depset ended early: %s", Files.readString(d.err)).isTrue();
            assertThat(System.nanoTime()).as("the traced shell said nothing").isLessThan(deadline);
            Thread.sleep(10);
        }
        Map<String, Integer> policies = new TreeMap<>();
        Map<String, Integer> nice = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + d.process.pid() + "/task"))) {
            for (Path t : tasks.toList()) {
                String name = Files.readString(t.resolve("comm")).trim();
                if (name.startsWith("depset-")) {
                    policies.put(name, statField(t, 41));
                }
                nice.put(name + " " + t.getFileName(), statField(t, 19));
            }
        }
        d.process.descendants().filter(h -> commOf(h.pid()).equals("sleep")).forEach(ProcessHandle::destroy);
        DepsetProcess.Result r = d.await();

        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("SCHED_OTHER").contains("nice 0");
        // Thread names as the kernel keeps them, cut to 15 characters.
        assertThat(policies).containsEntry("depset-trace-wr", SCHED_BATCH).containsEntry("depset-process-", SCHED_BATCH)
                .containsEntry("depset-fuse-1", SCHED_OTHER);
        // bin/jvm-options.sh: the compiler ahead of every other thread, which keeps the default. The
        // JVM starts its code cache sweeper (JDK 17) and its training replay (JDK 25) as it starts its
        // compiler threads, at their priority.
        assertThat(nice).hasEntrySatisfying(nice.keySet().stream().filter(n -> n.startsWith("C1 CompilerThre"))
                .findFirst().orElseThrow(), n -> assertThat(n).isEqualTo(-10));
        assertThat(nice).allSatisfy((name, n) -> {
            if (Stream.of("C1 CompilerThre", "Sweeper thread", "Training replay").noneMatch(name::startsWith)) {
                assertThat(n).as(name).isZero();
            }
        });
    }

    /** Field {@code n} (from 1, as proc(5) counts) of a thread's stat, after its name, which may hold spaces. */
    private static int statField(Path task, int n) throws IOException {
        String stat = Files.readString(task.resolve("stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[n - 3]);
    }

    private static String commOf(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void lsOfTheHostRootPrintsWhatLsPrintsAndTheTraceHasTheRun() throws Exception {
        DepsetProcess.Result r = DepsetProcess.run(dir, "run", "--root", "/", "--trace", "t.jsonl", "--", "/bin/ls", "/");
        Process ls = new ProcessBuilder("/bin/ls", "/").start();
        String nativeOut = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ls.waitFor();

        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(nativeOut);

        TracedRun t = TracedRun.read(dir.resolve("t.jsonl"));
        assertThat(t.complete).isTrue();
        assertThat(t.footer.exitStatus()).isZero();
        assertThat(t.footer.events()).isEqualTo(t.events.size());
        assertThat(t.footer.fileEvents()).isEqualTo(t.fileEvents().size());
        assertThat(t.header.command()).containsExactly("/bin/ls", "/");

        assertThat(t.phases).singleElement().satisfies(p -> {
            assertThat(p.phase()).isEqualTo(Phase.RUN);
            assertThat(p.step()).isEqualTo("command");
        });
        int ls1 = t.phases.get(0).pid();
        ProcessEvent.Exec exec = t.processEvents(ProcessEvent.Exec.class).get(0);
        assertThat(exec.pid()).isEqualTo(ls1);
        assertThat(exec.exe()).isIn("/bin/ls", "/usr/bin/ls");
        assertThat(exec.argv()).containsExactly("/bin/ls", "/");

        List<FileEvent> byLs = t.fileEvents().stream().filter(f -> f.pid() == ls1).toList();
        assertThat(byLs).anySatisfy(f -> {
            assertThat(f.isExec()).isTrue();
            assertThat(f.path()).isIn("/bin/ls", "/usr/bin/ls");
        });
        assertThat(byLs).anySatisfy(f -> {
            assertThat(f.op()).isEqualTo(Op.OPEN);
            assertThat(f.path()).contains("ld-linux");
        });
        assertThat(byLs).anySatisfy(f -> {
            assertThat(f.op()).isEqualTo(Op.OPEN);
            assertThat(f.path()).endsWith("/libc.so.6");
        });
        assertThat(byLs).anySatisfy(f -> assertThat(f.result()).isEqualTo(2)); // a failed lookup: ENOENT
        assertThat(byLs).anySatisfy(f -> assertThat(f.op()).isEqualTo(Op.READDIR));

        // Every file event is by a process of the run, by the kernel on nobody's behalf (pid 0),
        // or by depset's own set-up, on the mount points it mounts on.
        assertThat(t.fileEvents()).allSatisfy(f -> {
            if (!t.runPids.contains(f.pid()) && f.pid() != 0) {
                assertThat(f.path()).isIn(SETUP_PATHS);
            }
        });
        // Process events are of the run's processes only.
        assertThat(t.processEvents(ProcessEvent.class)).allSatisfy(e -> assertThat(t.runPids).contains(e.pid()));
    }

    /**
     * The root's directories the sandbox mounts its own file systems on are named in the trace's
     * header (no set holds them), so the kernel may cache their lookups as any other directory's:
     * three processes walking into /run make at most one lookup of it by default, and one each
     * with --no-cache.
     */
    @Test
    void theSandboxsMountPointsAreNamedInTheHeaderAndTheirLookupsCached() throws Exception {
        for (boolean noCache : new boolean[] {false, true}) {
            List<String> args = new ArrayList<>(List.of("run", "--root", "/", "--trace", "m.jsonl"));
            if (noCache) {
                args.add("--no-cache");
            }
            args.addAll(List.of("--", "/bin/sh", "-c", "for i in 1 2 3; do /usr/bin/stat -c %n /run/. >/dev/null; done"));
            DepsetProcess.Result r = DepsetProcess.run(dir, args.toArray(String[]::new));
            assertThat(r.status()).as(r.stderr()).isZero();
            TracedRun t = TracedRun.read(dir.resolve("m.jsonl"));
            assertThat(t.header.sandboxMounts()).containsExactly("/dev", "/proc", "/run", "/sys");
            Set<Integer> stats = t.pidsOf("/stat");
            assertThat(stats).hasSize(3);
            long walkers = t.fileEvents().stream()
                    .filter(f -> stats.contains(f.pid()) && f.op() == Op.GETATTR && f.path().equals("/run"))
                    .map(FileEvent::pid).distinct().count();
            if (noCache) {
                assertThat(walkers).as("--no-cache: every stat's lookup of /run").isEqualTo(3);
            } else {
                assertThat(walkers).as("by default: the kernel answers the later walks").isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void statReadlinkAndTestInsideTheChrootAreRecordedWithTheirPids() throws Exception {
        DepsetProcess.Result r = DepsetProcess.run(dir, "run", "--root", "/", "--trace", "t.jsonl", "--",
                "/bin/sh", "-c", "/usr/bin/stat /etc/hostname >/dev/null; /usr/bin/readlink /bin;"
                        + " /usr/bin/test -e /nonexistent-depset; echo $?");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(Files.readSymbolicLink(Path.of("/bin")) + "\n1\n");

        TracedRun t = TracedRun.read(dir.resolve("t.jsonl"));
        int stat = t.pidOf("/stat");
        int readlink = t.pidOf("/readlink");
        int test = t.pidOf("/test");
        assertThat(Set.of(stat, readlink, test)).hasSize(3).allSatisfy(p -> assertThat(t.runPids).contains(p));
        assertThat(t.fileEvents()).anySatisfy(f -> {
            assertThat(f.pid()).isEqualTo(stat);
            assertThat(f.op()).isEqualTo(Op.GETATTR);
            assertThat(f.path()).isEqualTo("/etc/hostname");
            assertThat(f.result()).isZero();
        });
        // readlink(2) of /bin: its lookup is recorded; the target itself the kernel keeps once the
        // shell's exec has read it (the default caches links' targets, docs/tracing.md).
        assertThat(t.fileEvents()).anySatisfy(f -> {
            assertThat(f.pid()).isEqualTo(readlink);
            assertThat(f.op()).isEqualTo(Op.GETATTR);
            assertThat(f.path()).isEqualTo("/bin");
        });
        assertThat(t.fileEvents()).anySatisfy(f -> {
            assertThat(f.pid()).isEqualTo(test);
            assertThat(f.path()).isEqualTo("/nonexistent-depset");
            assertThat(f.result()).isEqualTo(2);
        });
        // The pids in the kernel's process tree: each of the three is a child of the shell.
        int sh = t.phases.get(0).pid();
        assertThat(t.processEvents(ProcessEvent.Fork.class)).filteredOn(f -> f.parentPid() == sh)
                .extracting(ProcessEvent.Fork::childPid).contains(stat, readlink, test);
    }

    @Test
    void theSourceRootIsUnchangedByARunThatWritesAndDeletes() throws Exception {
        Path root = MiniRoot.create(dir.resolve("root"), "/bin/sh", "/bin/rm");
        Files.writeString(root.resolve("etc/keep"), "kept\n");
        DepsetProcess.Result r = DepsetProcess.run(dir, "run", "--root", root.toString(), "--trace", "t.jsonl", "--",
                "/bin/sh", "-c", "echo new > /tmp/new; echo changed > /etc/hostname; /bin/rm /etc/keep; echo done");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("done\n");
        assertThat(root.resolve("tmp/new")).doesNotExist();
        assertThat(root.resolve("etc/hostname")).hasContent("mini");
        assertThat(root.resolve("etc/keep")).hasContent("kept");
        // The sandbox's own mount points were made in the scratch layer, not in the source.
        assertThat(root.resolve("proc")).doesNotExist();

        TracedRun t = TracedRun.read(dir.resolve("t.jsonl"));
        assertThat(t.fileEvents()).anySatisfy(f -> {
            assertThat(f.op()).isEqualTo(Op.UNLINK);
            assertThat(f.path()).isEqualTo("/etc/keep");
            assertThat(t.runPids).contains(f.pid());
        });
    }

    @Test
    void writableWritesThroughToTheSource() throws Exception {
        Path root = MiniRoot.create(dir.resolve("root"), "/bin/sh");
        DepsetProcess.Result r = DepsetProcess.run(dir, "run", "--root", root.toString(), "--trace", "t.jsonl",
                "--writable", "--", "/bin/sh", "-c", "echo new > /tmp/new");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(root.resolve("tmp/new")).hasContent("new");
    }

    @Test
    void theCommandsExitStatusIsPassedThroughAndInTheFooter() throws Exception {
        DepsetProcess.Result r = DepsetProcess.run(dir, "run", "--root", "/", "--trace", "t.jsonl", "--",
                "sh", "-c", "echo out; echo err >&2; exit 42");
        assertThat(r.status()).isEqualTo(42);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        TracedRun t = TracedRun.read(dir.resolve("t.jsonl"));
        assertThat(t.footer.exitStatus()).isEqualTo(42);
        int sh = t.phases.get(0).pid();
        assertThat(t.processEvents(ProcessEvent.Exit.class)).anySatisfy(e -> {
            assertThat(e.pid()).isEqualTo(sh);
            assertThat(e.exitCode()).isEqualTo(42);
        });
    }

    @Test
    void aCommandKilledByASignalGivesACompleteTraceAnd128PlusTheSignal() throws Exception {
        DepsetProcess.Result r = DepsetProcess.run(dir, "run", "--root", "/", "--trace", "t.jsonl", "--",
                "sh", "-c", "kill -SEGV $$");
        assertThat(r.status()).isEqualTo(128 + 11);
        TracedRun t = TracedRun.read(dir.resolve("t.jsonl"));
        assertThat(t.complete).isTrue();
        assertThat(t.footer.exitStatus()).isEqualTo(139);
        int sh = t.phases.get(0).pid();
        assertThat(t.processEvents(ProcessEvent.Exit.class)).anySatisfy(e -> {
            assertThat(e.pid()).isEqualTo(sh);
            assertThat(e.signal()).isEqualTo(11);
        });
    }

    // The checks before the session run in-process: nothing is mounted yet.

    @Test
    void aCommandNotFoundInsideTheRootIs127AndNotExecutable126() throws Exception {
        Path root = MiniRoot.create(dir.resolve("root"), "/bin/sh");
        String trace = dir.resolve("t.jsonl").toString();
        CliRun notFound = CliRun.of("run", "--root", root.toString(), "--trace", trace, "--", "ls", "/");
        assertThat(notFound.exit()).isEqualTo(127);
        assertThat(notFound.err()).isEqualTo("depset: ls: command not found in " + root + "\n");
        CliRun notExecutable = CliRun.of("run", "--root", root.toString(), "--trace", trace, "--", "/etc/hostname");
        assertThat(notExecutable.exit()).isEqualTo(126);
        assertThat(notExecutable.err()).isEqualTo("depset: /etc/hostname: not an executable file in " + root + "\n");
    }

    @Test
    void badInputGetsOneLineAnd125() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        String trace = dir.resolve("t.jsonl").toString();
        assertOneLine(CliRun.of("run", "--root", dir.resolve("missing").toString(), "--trace", trace, "--", "ls"),
                "depset: source root " + dir.resolve("missing") + " does not exist");
        assertOneLine(CliRun.of("run", "--root", file.toString(), "--trace", trace, "--", "ls"),
                "depset: source root " + file + " is not a directory");
        assertOneLine(CliRun.of("run", "--root", "/", "--trace", "/nonexistent-dir/t.jsonl", "--", "ls"),
                "depset: cannot write the trace /nonexistent-dir/t.jsonl: its directory does not exist");
        assertOneLine(CliRun.of("run", "--root", "/", "--trace", dir.toString(), "--", "ls"),
                "depset: cannot write the trace " + dir + ": Is a directory");
    }

    @Test
    void withoutDevFuseOneLineAnd125() throws Exception {
        // /dev/fuse hidden under an empty file, in a mount namespace of the test's own.
        Path empty = Files.createFile(dir.resolve("empty"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                "mount --bind \"$0\" /dev/fuse && exec \"$@\"", empty.toString(), java, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run", "--root", "/", "--trace",
                dir.resolve("t.jsonl").toString(), "--", "true").redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(125);
        assertThat(said).isEqualTo("depset: /dev/fuse is missing: load the fuse module (modprobe fuse) or give the"
                + " container /dev/fuse\n");
    }

    private static void assertOneLine(CliRun r, String line) {
        assertThat(r.exit()).isEqualTo(125);
        assertThat(r.err()).isEqualTo(line + "\n");
    }

    @Test
    void ctrlCDuringTheWarmUpEndsTheRunAtOnce() throws Exception {
        DepsetProcess d = DepsetProcess.start(dir, "run", "--warm-up=1000", "--root", "/", "--trace", "t.jsonl", "--",
                "sleep", "60");
        d.awaitWarmUpServing();
        DepsetProcess.Result r = d.ctrlC();
        assertThat(r.status()).as(r.stderr()).isEqualTo(130);
        assertThat(r.stderr()).as("a Ctrl-C is not an error").isEmpty();
    }

    @Test
    void sigtermToDepsetEndsTheRunUnmountsAndFinishesTheTrace() throws Exception {
        DepsetProcess d = DepsetProcess.start(dir, "run", "--root", "/", "--trace", "t.jsonl", "--",
                "sh", "-c", "sleep 60 & sleep 60");
        Path trace = dir.resolve("t.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        // Wait until both sleeps have executed (their exec events are in the trace).
        while (!Files.exists(trace) || Files.readString(trace).split("/sleep\",\"argv\"", -1).length < 3) {
            if (System.nanoTime() > deadline || !d.process.isAlive()) {
                d.process.destroyForcibly();
                throw new AssertionError("the command did not start: " + Files.readString(d.err) + "\n"
                        + (Files.exists(trace) ? Files.readString(trace).lines().filter(l -> !l.contains("\"file\""))
                        .toList() : "no trace"));
            }
            Thread.sleep(50);
        }
        List<ProcessHandle> started = d.process.descendants().toList();
        assertThat(started).isNotEmpty();
        d.process.destroy(); // SIGTERM
        DepsetProcess.Result r = d.await();
        // depset, the namespace's init and the command: all gone (the
        // kernel's SIGKILLs and the reaping take a moment).
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (started.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(started).noneMatch(ProcessHandle::isAlive);
        assertThat(r.status()).isEqualTo(128 + 15);
        TracedRun t = TracedRun.read(trace);
        assertThat(t.complete).isTrue();
        assertThat(t.footer.exitStatus()).isEqualTo(143);
        // Both sleeps (the one in the background too) were ended with the namespace.
        assertThat(t.processEvents(ProcessEvent.Exit.class)).filteredOn(e -> t.exeOf.getOrDefault(e.pid(), "")
                .endsWith("/sleep")).hasSize(2).allSatisfy(e -> assertThat(e.signal()).isEqualTo(9));
    }
}
