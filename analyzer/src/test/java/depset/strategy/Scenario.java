package depset.strategy;

import depset.graph.DependencyGraph;
import depset.graph.FileNode;
import depset.graph.Traces;
import depset.manifest.Reason;
import depset.trace.Phase;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small sequence as the sandbox would record it. pid 1 is the tracer's own set-up (no phase);
 * it starts the boot step 20 (an init script), the run root 30 ({@code sh -c 'ls /; helper'}),
 * and the halt step 50.
 */
final class Scenario {
    static Traces sequence() {
        return new Traces()
                .dir("/").dir("/etc").dir("/bin").dir("/usr").dir("/usr/lib").dir("/run").dir("/var").dir("/var/log")
                .dir("/proc")
                .symlink("/lib64", "usr/lib")
                .read(1, "/etc/sandbox.conf") // the tracer's set-up: never in a set
                .fork(1, 20).phase(20, Phase.BOOT, "rc").exec(20, "/etc/init.d/rc", "/etc/init.d/rc", "start")
                .execOpen(20, "/etc/init.d/rc").execOpen(20, "/bin/sh").read(20, "/etc/default/rc")
                .create(20, "/run/rc.pid", false)
                .fork(1, 30).phase(30, Phase.RUN, "cmd").exec(30, "/bin/sh", "sh", "-c", "ls /; helper")
                .execOpen(30, "/bin/sh").op(30, depset.trace.Op.READLINK, "/lib64").execOpen(30, "/usr/lib/ld.so")
                .read(30, "/etc/ld.so.cache").read(30, "/usr/lib/libc.so.6")
                .fork(30, 31).exec(31, "/bin/ls", "ls", "/")
                .execOpen(31, "/bin/ls").execOpen(31, "/usr/lib/ld.so").read(31, "/usr/lib/libc.so.6")
                .op(31, depset.trace.Op.READDIR, "/").stat(31, "/proc/self").probe(31, "/etc/ls.conf")
                .write(31, "/var/log/ls.log")
                .fork(30, 32).exec(32, "/usr/bin/helper", "helper")
                .execOpen(32, "/usr/bin/helper").read(32, "/usr/lib/libhelper.so.1").read(32, "/etc/helper.conf")
                .fork(1, 50).phase(50, Phase.HALT, "stop").stat(50, "/etc/halt.conf");
    }

    static DependencyGraph graph() {
        return sequence().graph();
    }

    /** The sorted paths of a selection. */
    static Set<String> paths(Analysis a, Selection s) {
        Set<String> out = new TreeSet<>();
        for (FileNode f : s.files()) {
            out.addAll(a.eligiblePaths(f));
        }
        return out;
    }

    /** The reasons of the file at {@code path}. */
    static List<Reason> reasons(Analysis a, Selection s, String path) {
        return s.reasons(a.graph().fileAt(path));
    }

    private Scenario() {
    }
}
