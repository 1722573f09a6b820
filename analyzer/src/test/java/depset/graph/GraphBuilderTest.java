package depset.graph;

import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.FileType;
import depset.trace.Op;
import depset.trace.Phase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class GraphBuilderTest {

    @Test
    void processesComeFromForksAndExecsAndThreadsAreNotProcesses() {
        DependencyGraph g = new Traces()
                .phase(10, Phase.RUN, "cmd").exec(10, "/bin/sh", "sh", "-c", "ls")
                .fork(10, 11).thread(11, 12).exec(11, "/bin/ls", "ls", "/").exit(11, 3)
                .statFromThread(12, "/etc/x") // attributed to process 11 through the thread's fork event
                .graph();
        assertThat(g.processes()).extracting(ProcessNode::pid).containsExactly(10, 11);
        ProcessNode sh = g.processes().get(0);
        ProcessNode ls = g.processes().get(1);
        assertThat(sh.forkSeen()).isFalse(); // started before monitoring: still a node
        assertThat(ls.parent()).isSameAs(sh);
        assertThat(ls.exe()).isEqualTo("/bin/ls");
        assertThat(ls.argv()).containsExactly("ls", "/");
        assertThat(ls.exited()).isTrue();
        assertThat(ls.exitCode()).isEqualTo(3);
        assertThat(ls.phase()).isEqualTo(Phase.RUN);
        assertThat(g.children(sh)).containsExactly(ls);
        assertThat(g.accessesBy(ls)).singleElement().satisfies(a -> assertThat(a.file().path()).isEqualTo("/etc/x"));
        assertThat(g.graph().edgeSet()).anySatisfy(e -> {
            assertThat(e).isInstanceOf(SpawnEdge.class);
            assertThat(e.source()).isSameAs(sh);
        });
    }

    @Test
    void aForkedChildWithoutExecRunsItsParentsBinary() {
        DependencyGraph g = new Traces().exec(10, "/usr/sbin/apache2", "apache2", "-k", "start").fork(10, 11).graph();
        assertThat(g.processes().get(1).exe()).isEqualTo("/usr/sbin/apache2");
        assertThat(g.processes().get(1).name()).isEqualTo("apache2");
    }

    @Test
    void anExecWhoseProcessWasGoneBeforeItsExeWasReadIsNamedByTheExecsOwnOpens() {
        // What the monitor sees of a process that exits at once: the exec with no exe; before it, the
        // kernel's exec opens of the script, its interpreter and the interpreter's dynamic loader.
        DependencyGraph g = new Traces().execOpen(10, "/usr/sbin/service").execOpen(10, "/usr/bin/dash")
                .execOpen(10, "/usr/lib64/ld-linux-x86-64.so.2").exec(10, "")
                .fork(10, 11).execOpen(11, "/usr/bin/mv").execOpen(11, "/usr/lib64/ld-linux-x86-64.so.2").exec(11, "")
                .fork(10, 12).execOpen(12, "/usr/bin/true").exec(12, "/usr/bin/true-as-proc-saw-it").graph();
        assertThat(g.processes()).extracting(ProcessNode::exe)
                .containsExactly("/usr/bin/dash", "/usr/bin/mv", "/usr/bin/true-as-proc-saw-it");
    }

    @Test
    void requestsOfOneProcessOnOneFileAreOneEdgeWithAllKinds() {
        DependencyGraph g = new Traces().stat(10, "/etc/passwd").read(10, "/etc/passwd").read(10, "/etc/passwd")
                .probe(10, "/etc/nope").graph();
        ProcessNode p = g.processes().get(0);
        assertThat(g.accessesBy(p)).hasSize(2);
        AccessEdge passwd = g.accessesBy(p).stream().filter(a -> !a.file().missing()).findFirst().orElseThrow();
        assertThat(passwd.kinds()).isEqualTo("open,read,stat");
        assertThat(passwd.count()).isEqualTo(5);
        FileNode nope = g.missingAt("/etc/nope");
        assertThat(nope.missing()).isTrue();
        assertThat(g.accessesTo(nope)).singleElement().satisfies(a -> assertThat(a.kinds()).isEqualTo("probe-missing"));
    }

    @Test
    void renamesAndHardLinksKeepOneInodesHistory() {
        DependencyGraph g = new Traces()
                .read(10, "/etc/a").sameInode("/etc/a", "/etc/hard").stat(10, "/etc/hard")
                .rename(10, "/etc/a", "/etc/b").stat(10, "/etc/b")
                .graph();
        FileNode f = g.fileAt("/etc/a");
        assertThat(f.paths()).containsExactly("/etc/a", "/etc/hard", "/etc/b");
        assertThat(f.sourcePaths()).containsExactly("/etc/a", "/etc/hard"); // /etc/b is the run's own name
        assertThat(g.fileAt("/etc/hard")).isSameAs(f);
        assertThat(g.fileAt("/etc/b")).isNull();
        assertThat(g.findFile("/etc/b")).isSameAs(f);
        assertThat(g.accessesBy(g.processes().get(0))).singleElement()
                .satisfies(a -> assertThat(a.kinds()).isEqualTo("open,read,stat,rename"));
    }

    @Test
    void createdFilesAreMarkedAndDirectoriesOnThePathAreNodes() {
        DependencyGraph g = new Traces().dir("/var").create(10, "/var/log/new.log", false).read(10, "/usr/lib/x/libz.so")
                .graph();
        FileNode log = g.findFile("/var/log/new.log");
        assertThat(log.created()).isTrue();
        assertThat(log.sourcePaths()).isEmpty();
        assertThat(g.fileAt("/usr/lib/x").implied()).isTrue();
        assertThat(g.fileAt("/usr/lib/x").type()).isEqualTo(FileType.DIRECTORY);
        assertThat(g.fileAt("/usr")).isNotNull();
        assertThat(g.fileAt("/")).isNotNull();
    }

    @Test
    void phasesMarkDescendantsAndUnmarkedProcessesAreSetUp() {
        DependencyGraph g = new Traces().fork(1, 2).fork(1, 3).phase(2, Phase.BOOT, "rc").phase(3, Phase.WORK, "curl")
                .fork(2, 4).fork(4, 5).op(1, Op.GETATTR, "/x").graph();
        assertThat(g.processes()).extracting(ProcessNode::phase).containsExactly(null, Phase.BOOT, Phase.WORK, Phase.BOOT, Phase.BOOT);
        assertThat(g.inRun(g.processes().get(0))).isFalse();
        assertThat(g.processes().get(4).step()).isEqualTo("rc");
    }

    @Test
    void requestsBeforeTheForkEventBelongToTheForkedChild() {
        // TraceFs can record the child's first request before the connector's fork event arrives.
        DependencyGraph g = new Traces().phase(10, Phase.RUN, "").stat(11, "/etc/early").fork(10, 11).graph();
        assertThat(g.processes()).hasSize(2);
        assertThat(g.processes().get(1).parent().pid()).isEqualTo(10);
        assertThat(g.processes().get(1).phase()).isEqualTo(Phase.RUN);
    }

    @Test
    void pidReuseMakesANewProcess() {
        DependencyGraph g = new Traces().fork(1, 5).exit(5, 0).fork(1, 5).graph();
        assertThat(g.processes()).extracting(ProcessNode::pid).containsExactly(1, 5, 5);
    }

    @Test
    void withDirectoriesCachedAProcessThatNamedAPathWalkedItsDirectories() {
        // sh looks up /srv and /srv/www itself; then the kernel answers php's walk through them from
        // its cache, and the trace holds only php's lookups of the file and of a missing name.
        Traces t = new Traces().dir("/srv").dir("/srv/www").stat(10, "/srv").stat(10, "/srv/www")
                .stat(11, "/srv/www/index.php").probe(11, "/srv/www/missing.php");
        for (String cache : new String[] {"directories", "names"}) {
            DependencyGraph g = t.graph(Traces.HEADER.withKernelCache(cache));
            ProcessNode php = g.processes().stream().filter(p -> p.pid() == 11).findFirst().orElseThrow();
            assertThat(g.accessesBy(php)).as(cache).extracting(a -> a.file().path() + " " + a.kinds())
                    .contains("/srv stat", "/srv/www stat", "/srv/www/index.php stat");
        }
        for (String cache : new String[] {null, "none", "attributes"}) {
            DependencyGraph g = t.graph(Traces.HEADER.withKernelCache(cache));
            ProcessNode php = g.processes().stream().filter(p -> p.pid() == 11).findFirst().orElseThrow();
            assertThat(g.accessesBy(php)).as("every walk is in a trace recorded with " + cache)
                    .extracting(a -> a.file().path()).doesNotContain("/srv", "/srv/www");
        }
    }
}
