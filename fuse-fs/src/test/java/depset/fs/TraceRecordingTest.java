package depset.fs;

import static depset.fs.MountedTree.fileEvents;
import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.FileEvent;
import depset.trace.FileType;
import depset.trace.InodeEvent;
import depset.trace.Op;
import depset.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** What TraceFs records of real programs working through a real mount. Needs root and /dev/fuse. */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class TraceRecordingTest {
    @TempDir
    Path dir;
    MountedTree t;

    @BeforeEach
    void mount() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        t = MountedTree.in(dir);
        Files.writeString(t.back("f"), "content\n");
        Files.createSymbolicLink(t.back("l"), Path.of("f"));
    }

    @AfterEach
    void unmount() throws Exception {
        t.close();
    }

    @Test
    void eachCommandsRequestsCarryItsProcessAndCredentials() throws Exception {
        Commands.Result stat = Commands.asNobody("stat", t.at("f").toString());
        Commands.Result readlink = Commands.asNobody("readlink", t.at("l").toString());
        Commands.Result test = Commands.asNobody("/usr/bin/test", "-e", t.at("nonexistent").toString());
        Commands.Result cat = Commands.asNobody("cat", t.at("f").toString());
        assertThat(stat.exit()).isZero();
        assertThat(readlink.out()).isEqualTo("f\n");
        assertThat(test.exit()).isOne();
        assertThat(cat.out()).isEqualTo("content\n");
        List<FileEvent> events = fileEvents(t.events());

        assertThat(by(events, stat.pid())).anyMatch(e -> e.op() == Op.GETATTR && e.path().equals("/f") && !e.failed());
        assertThat(by(events, readlink.pid())).anyMatch(e -> e.op() == Op.READLINK && e.path().equals("/l")
                && !e.failed() && e.ino() != 0);
        assertThat(by(events, test.pid())).anyMatch(e -> e.op() == Op.GETATTR && e.path().equals("/nonexistent")
                && e.result() == 2 && e.ino() == 0);
        assertThat(by(events, cat.pid())).anyMatch(e -> e.op() == Op.OPEN && e.path().equals("/f") && !e.isExec());
        assertThat(by(events, cat.pid())).anyMatch(e -> e.op() == Op.READ && e.path().equals("/f"));
        for (long pid : List.of(stat.pid(), readlink.pid(), test.pid(), cat.pid())) {
            assertThat(by(events, pid)).isNotEmpty().allSatisfy(e -> {
                assertThat(e.tid()).isEqualTo((int) pid); // single-threaded commands
                assertThat(e.uid()).isEqualTo(Commands.NOBODY);
                assertThat(e.gid()).isEqualTo(Commands.NOBODY);
            });
        }
    }

    @Test
    void theOpenOfAnExecIsFlagged() throws Exception {
        Files.copy(Path.of("/usr/bin/true"), t.back("true"), StandardCopyOption.COPY_ATTRIBUTES);
        Commands.Result run = Commands.run(t.at("true").toString());
        assertThat(run.exit()).isZero();
        List<FileEvent> events = fileEvents(t.events());
        assertThat(by(events, run.pid())).anyMatch(e -> e.op() == Op.OPEN && e.path().equals("/true") && e.isExec());
    }

    @Test
    void aThreadIsRecordedWithItsOwnIdAndItsProcess() throws Exception {
        AtomicInteger tid = new AtomicInteger();
        Thread th = new Thread(() -> {
            tid.set(CallerResolverTest.ownTid());
            assertThat(Files.exists(t.at("from-a-thread"))).isFalse();
        });
        th.start();
        th.join();
        int pid = (int) ProcessHandle.current().pid();
        assertThat(tid.get()).isNotEqualTo(pid);
        assertThat(fileEvents(t.events())).anyMatch(e -> e.path().equals("/from-a-thread") && e.tid() == tid.get()
                && e.pid() == pid && e.result() == 2);
    }

    @Test
    void everyInodeIsDescribedOnceBeforeItsFirstEventAsItWas() throws Exception {
        Files.setPosixFilePermissions(t.back("f"), PosixFilePermissions.fromString("rw-------"));
        Commands.Result work = Commands.sh("cd " + t.mnt + " && chmod 644 f && mkdir d && echo x > d/new"
                + " && ln d/new d/hard && ln -s ../f d/sym && mv d/new d/moved && rm d/hard && ls -lR . >/dev/null"
                + " && cat l >/dev/null && rm d/moved");
        assertThat(work.exit()).as(work.out()).isZero();
        List<TraceEvent> events = t.events();

        Map<String, InodeEvent> described = new HashMap<>();
        Set<String> seenInFileEvents = new HashSet<>();
        for (TraceEvent e : events) {
            if (e instanceof InodeEvent i) {
                String key = i.dev() + ":" + i.ino();
                assertThat(!described.containsKey(key) || i.created()).as("described twice: " + i).isTrue();
                described.put(key, i);
            } else if (e instanceof FileEvent f && f.ino() != 0) {
                String key = f.dev() + ":" + f.ino();
                assertThat(described).as("no description before " + f).containsKey(key);
                seenInFileEvents.add(key);
            }
        }
        assertThat(described.keySet()).isEqualTo(seenInFileEvents);
        InodeEvent f = find(described, i -> i.path().equals("/f"));
        assertThat(f.mode()).as("the mode before chmod").isEqualTo(0600);
        assertThat(f.created()).isFalse();
        assertThat(f.size()).isEqualTo(8);
        InodeEvent d = find(described, i -> i.path().equals("/d"));
        assertThat(d.type()).isEqualTo(FileType.DIRECTORY);
        assertThat(d.created()).isTrue();
        InodeEvent sym = find(described, i -> i.path().equals("/d/sym"));
        assertThat(sym.type()).isEqualTo(FileType.SYMLINK);
        assertThat(sym.target()).isEqualTo("../f");
        assertThat(sym.created()).isTrue();
        assertThat(find(described, i -> i.path().equals("/l")).target()).isEqualTo("f");
    }

    @Test
    void requestsServedMatchTheFileEventsAndReleasesHaveNoCaller() throws Exception {
        Commands.Result work = Commands.sh("cd " + t.mnt + " && for i in 1 2 3 4 5; do cat f > copy$i; done; ls -la;"
                + " rm copy*; test -e nope");
        assertThat(work.exit()).isOne();
        List<TraceEvent> events = t.events();
        List<FileEvent> files = fileEvents(events);
        assertThat(t.mount.requestsServed()).isEqualTo(files.size());
        assertThat(files).filteredOn(e -> e.op() == Op.RELEASE).isNotEmpty()
                .allSatisfy(e -> assertThat(e.tid()).isZero())
                .allSatisfy(e -> assertThat(e.pid()).isZero());
        assertThat(files).filteredOn(e -> e.op() == Op.CREATE).hasSize(5);
        assertThat(files).filteredOn(e -> e.op() == Op.UNLINK && !e.failed()).hasSize(5);
    }

    @Test
    void aFileUnlinkedWhileOpenIsRecordedAsTheUnlinkTheCallerMade() throws Exception {
        Commands.Result r = Commands.sh("cd " + t.mnt + " && exec 3<f && rm f && cat <&3 && stat -L /dev/fd/3 >/dev/null");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).isEqualTo("content\n");
        List<FileEvent> files = fileEvents(t.events());
        assertThat(files).anyMatch(e -> e.op() == Op.UNLINK && e.path().equals("/f") && !e.failed());
        assertThat(files).filteredOn(e -> e.op() == Op.RENAME).isEmpty();
        assertThat(files).filteredOn(e -> e.path().contains(".fuse_hidden"))
                .as("only the open file's own requests carry libfuse's name for it")
                .allSatisfy(e -> assertThat(e.failed()).isFalse())
                .noneMatch(e -> e.op() == Op.UNLINK);
        assertThat(t.mount.requestsServed()).isEqualTo(files.size());
    }

    @Test
    void whenTheTraceCannotBeWrittenTheMountGoesOnAndCountsWhatWasLost() throws Exception {
        java.io.OutputStream full = new java.io.OutputStream() {
            private int room = 4096; // the header and a few events, then "disk full"

            @Override
            public void write(int b) throws java.io.IOException {
                if (--room < 0) {
                    throw new java.io.IOException("No space left on device");
                }
            }
        };
        depset.trace.TraceWriter writer = depset.trace.TraceWriter.to(full, new depset.trace.TraceHeader(
                depset.trace.TraceHeader.FORMAT, depset.trace.TraceHeader.VERSION, "/", "t", "h", "v", List.of()), 8);
        Path b = Files.createDirectories(dir.resolve("b2"));
        Path m = Files.createDirectories(dir.resolve("m2"));
        Files.writeString(b.resolve("f"), "still served");
        try (TraceMount mount = TraceMount.mount(b, m, writer, MountOptions.defaults())) {
            for (int i = 0; i < 200; i++) {
                assertThat(Files.readString(m.resolve("f"))).isEqualTo("still served");
            }
            assertThat(writer.failure()).isNotNull();
            assertThat(mount.requestsUnrecorded()).isPositive();
            assertThat(mount.requestsUnrecorded()).isLessThan(mount.requestsServed());
        } finally {
            writer.close();
        }
    }

    @Test
    void withFastCachesTheKernelAnswersRepeatedLookupsItself() throws Exception {
        Path fast = Files.createDirectories(dir.resolve("fast"));
        List<FileEvent> slow;
        List<FileEvent> cached;
        try (MountedTree f = MountedTree.in(fast, MountOptions.defaults().cache(KernelCache.NAMES_AND_ATTRIBUTES))) {
            Files.writeString(f.back("x"), "x");
            Commands.Result first = Commands.run("stat", f.at("x").toString());
            Commands.Result second = Commands.run("stat", f.at("x").toString());
            cached = by(fileEvents(f.events()), second.pid());
            assertThat(by(fileEvents(f.events()), first.pid())).anyMatch(e -> e.path().equals("/x"));
        }
        Commands.Result first = Commands.run("stat", t.at("f").toString());
        Commands.Result second = Commands.run("stat", t.at("f").toString());
        slow = by(fileEvents(t.events()), second.pid());
        assertThat(slow).as("timeouts 0: every lookup reaches TraceFs").anyMatch(e -> e.path().equals("/f"));
        assertThat(cached).as("fast caches: the second stat never reaches TraceFs").noneMatch(e -> e.path().equals("/x"));
        assertThat(first.exit()).isZero();
    }

    @Test
    void everyProcessIsRecordedResolvingEveryNameItWalks() throws Exception {
        assertEveryWalkRecorded(t);
    }

    @Test
    void withCachedAttributesEveryProcessIsStillRecordedResolvingEveryNameItWalks() throws Exception {
        try (MountedTree c = MountedTree.in(Files.createDirectories(dir.resolve("attr")),
                MountOptions.defaults().cache(KernelCache.ATTRIBUTES))) {
            assertEveryWalkRecorded(c);
        }
    }

    private static void assertEveryWalkRecorded(MountedTree m) throws Exception {
        Files.createDirectories(m.back("d/e"));
        Files.writeString(m.back("d/e/g"), "g");
        List<Commands.Result> stats = new java.util.ArrayList<>();
        List<Commands.Result> probes = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) { // each right after the others, within any cache's lifetime
            stats.add(Commands.run("stat", m.at("d/e/g").toString()));
            probes.add(Commands.run("/usr/bin/test", "-e", m.at("d/e/missing").toString()));
        }
        List<FileEvent> events = fileEvents(m.events());
        for (Commands.Result r : stats) {
            assertThat(r.exit()).isZero();
            assertThat(by(events, r.pid())).anyMatch(e -> e.path().equals("/d") && !e.failed())
                    .anyMatch(e -> e.path().equals("/d/e") && !e.failed())
                    .anyMatch(e -> e.path().equals("/d/e/g") && !e.failed());
        }
        for (Commands.Result r : probes) {
            assertThat(r.exit()).isOne();
            assertThat(by(events, r.pid())).anyMatch(e -> e.path().equals("/d/e") && !e.failed())
                    .anyMatch(e -> e.path().equals("/d/e/missing") && e.result() == 2);
        }
    }

    /**
     * {@code --fast} keeps every name 10 s, directories' included: the reply channel, which serves
     * its lookups for the links' targets, must leave libfuse's timeouts as they are.
     */
    @Test
    void withFastASecondWalkThroughADirectoryIsNotRecorded() throws Exception {
        try (MountedTree c = MountedTree.in(Files.createDirectories(dir.resolve("fast")),
                MountOptions.defaults().cache(KernelCache.NAMES_AND_ATTRIBUTES))) {
            Files.createDirectories(c.back("d/e"));
            Files.writeString(c.back("d/e/g"), "g");
            Files.writeString(c.back("d/e/h"), "h");
            Commands.Result first = Commands.run("stat", c.at("d/e/g").toString());
            Commands.Result second = Commands.run("stat", c.at("d/e/h").toString());
            assertThat(first.exit()).isZero();
            assertThat(second.exit()).isZero();
            List<FileEvent> events = fileEvents(c.events());
            assertThat(by(events, first.pid())).anyMatch(e -> e.path().equals("/d/e") && !e.failed());
            assertThat(by(events, second.pid())).as("the kernel answers the walk through /d/e itself")
                    .noneMatch(e -> e.path().equals("/d/e"))
                    .anyMatch(e -> e.path().equals("/d/e/h") && !e.failed());
        }
    }

    @Test
    void withCachedDirectoriesEveryFileAndMissingNameIsRecordedButASecondWalkThroughADirectoryIsNot() throws Exception {
        try (MountedTree c = MountedTree.in(Files.createDirectories(dir.resolve("dirs")),
                MountOptions.defaults().cache(KernelCache.DIRECTORIES))) {
            Files.createDirectories(c.back("d/e"));
            Files.writeString(c.back("d/e/g"), "g");
            List<Commands.Result> stats = new java.util.ArrayList<>();
            List<Commands.Result> probes = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) { // each right after the others, within the directories' 10 s
                stats.add(Commands.run("stat", c.at("d/e/g").toString()));
                probes.add(Commands.run("/usr/bin/test", "-e", c.at("d/e/missing").toString()));
            }
            List<FileEvent> events = fileEvents(c.events());
            for (Commands.Result r : stats) {
                assertThat(r.exit()).isZero();
                assertThat(by(events, r.pid())).as("a file's name is never cached")
                        .anyMatch(e -> e.path().equals("/d/e/g") && !e.failed())
                        .as("a directory of the root never is, unless the root's mount points are named")
                        .anyMatch(e -> e.path().equals("/d") && !e.failed());
            }
            for (Commands.Result r : probes) {
                assertThat(r.exit()).isOne();
                assertThat(by(events, r.pid())).as("nor a missing name")
                        .anyMatch(e -> e.path().equals("/d/e/missing") && e.result() == 2);
            }
            assertThat(by(events, stats.get(0).pid())).as("the first walk looks /d/e up")
                    .anyMatch(e -> e.path().equals("/d/e") && !e.failed());
            assertThat(by(events, stats.get(2).pid())).as("the kernel answers the later walks through /d/e itself")
                    .noneMatch(e -> e.path().equals("/d/e"));
        }
    }

    /**
     * With the root's mount points known (the sandbox's, which the trace's header names and no set
     * holds), every directory of the root is cached, the mount points too: later walks past them
     * are the kernel's.
     */
    @Test
    void withTheRootsMountPointsNamedTheRootsDirectoriesAreCachedMountPointsToo() throws Exception {
        try (MountedTree c = MountedTree.in(Files.createDirectories(dir.resolve("roots")),
                MountOptions.defaults().rootMountPoints(Set.of("m")))) {
            Files.createDirectories(c.back("d"));
            Files.writeString(c.back("d/g"), "g");
            Files.createDirectories(c.back("m"));
            assertThat(Commands.run("mount", "-t", "tmpfs", "depset-test", c.at("m").toString()).exit()).isZero();
            try {
                Files.writeString(c.at("m/x"), "x");
                List<Commands.Result> files = new java.util.ArrayList<>();
                List<Commands.Result> mounted = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) { // each right after the others, within the directories' 10 s
                    files.add(Commands.run("stat", c.at("d/g").toString()));
                    mounted.add(Commands.run("stat", c.at("m/x").toString()));
                }
                List<FileEvent> events = fileEvents(c.events());
                for (Commands.Result r : files) {
                    assertThat(r.exit()).isZero();
                    assertThat(by(events, r.pid())).as("a file's name is never cached")
                            .anyMatch(e -> e.path().equals("/d/g") && !e.failed());
                }
                assertThat(by(events, files.get(0).pid())).as("the first walk looks the root's /d up")
                        .anyMatch(e -> e.path().equals("/d") && !e.failed());
                assertThat(by(events, files.get(2).pid())).as("the kernel answers the later walks through /d itself")
                        .noneMatch(e -> e.path().equals("/d"));
                for (Commands.Result r : mounted) {
                    assertThat(r.exit()).isZero();
                    // The mount and the file's creation just before looked the mount point up.
                    assertThat(by(events, r.pid())).as("the kernel answers the walks past the mount point")
                            .noneMatch(e -> e.path().equals("/m"));
                }
            } finally {
                Commands.run("umount", "--lazy", c.at("m").toString());
            }
        }
    }

    @Test
    void cachedAttributesSpareTheGetattrThatFollowsALookup() throws Exception {
        Commands.Result exact = Commands.run("stat", t.at("f").toString());
        long exactly = by(fileEvents(t.events()), exact.pid()).stream().filter(e -> e.path().equals("/f")).count();
        long cached;
        try (MountedTree c = MountedTree.in(Files.createDirectories(dir.resolve("attr")),
                MountOptions.defaults().cache(KernelCache.ATTRIBUTES))) {
            Files.writeString(c.back("f"), "content\n");
            Commands.Result r = Commands.run("stat", c.at("f").toString());
            assertThat(r.exit()).isZero();
            cached = by(fileEvents(c.events()), r.pid()).stream().filter(e -> e.path().equals("/f")).count();
        }
        assertThat(cached).as("the lookup, which stands for the stat").isGreaterThanOrEqualTo(1);
        assertThat(exactly).as("with --no-cache the getattr after the lookup is recorded too").isGreaterThan(cached);
    }

    private static InodeEvent find(Map<String, InodeEvent> described, Predicate<InodeEvent> p) {
        return described.values().stream().filter(p).findFirst().orElseThrow();
    }

    private static List<FileEvent> by(List<FileEvent> events, long pid) {
        return events.stream().filter(e -> e.pid() == pid).toList();
    }
}
