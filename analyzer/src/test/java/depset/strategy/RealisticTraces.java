package depset.strategy;

import depset.graph.Traces;
import depset.trace.Op;
import depset.trace.Phase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Traces shaped like real ones, for the property tests and the checked-in resources: a
 * {@code depset run -- /bin/ls /} on a merged-/usr Debian root as TraceFs and the process monitor
 * record it, and random sequences.
 */
public final class RealisticTraces {
    private RealisticTraces() {
    }

    /** {@code depset run --root / -- /bin/ls /}: pid 900 is the sandbox's own set-up, 901 the command. */
    public static Traces ls() {
        Traces t = new Traces();
        for (String d : new String[] {"/", "/usr", "/usr/bin", "/usr/lib", "/usr/lib/x86_64-linux-gnu", "/etc", "/proc",
                "/usr/lib/locale", "/usr/share", "/usr/share/locale"}) {
            t.dir(d);
        }
        t.symlink("/bin", "usr/bin").symlink("/lib64", "usr/lib64").dir("/usr/lib64");
        t.symlink("/usr/lib64/ld-linux-x86-64.so.2", "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
        t.stat(900, "/").stat(900, "/usr").read(900, "/etc/passwd"); // the sandbox resolving the user
        t.fork(900, 901).phase(901, Phase.RUN, "").exec(901, "/usr/bin/ls", "/bin/ls", "/");
        t.stat(901, "/").op(901, Op.READLINK, "/bin").stat(901, "/usr").stat(901, "/usr/bin")
                .execOpen(901, "/usr/bin/ls").op(901, Op.READ, "/usr/bin/ls");
        t.op(901, Op.READLINK, "/lib64").op(901, Op.READLINK, "/usr/lib64/ld-linux-x86-64.so.2")
                .execOpen(901, "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
                .op(901, Op.READ, "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
        t.probe(901, "/etc/ld.so.preload").read(901, "/etc/ld.so.cache");
        for (String lib : new String[] {"libselinux.so.1", "libc.so.6", "libpcre2-8.so.0"}) {
            t.stat(901, "/usr/lib/x86_64-linux-gnu/" + lib).read(901, "/usr/lib/x86_64-linux-gnu/" + lib);
        }
        t.stat(901, "/proc/filesystems"); // TraceFs sees the name only when /proc is not bind-mounted over it
        t.probe(901, "/usr/lib/locale/locale-archive").probe(901, "/usr/lib/locale/C.UTF-8/LC_CTYPE")
                .probe(901, "/usr/share/locale/locale.alias");
        t.op(901, Op.OPENDIR, "/").op(901, Op.READDIR, "/").exit(901, 0);
        return t;
    }

    /** A random sequence of processes, phases and requests; the same seed gives the same trace. */
    public static Traces random(long seed) {
        Random r = new Random(seed);
        Traces t = new Traces();
        String[] dirs = {"/etc", "/usr/bin", "/usr/lib", "/var/log", "/run", "/proc/1", "/home/u"};
        Phase[] phases = {Phase.BOOT, Phase.RUN, Phase.WORK, Phase.HALT, null};
        int processes = 2 + r.nextInt(12);
        int nextPid = 100;
        java.util.List<Integer> live = new java.util.ArrayList<>();
        live.add(nextPid++); // the set-up
        for (int i = 0; i < processes; i++) {
            int parent = live.get(r.nextInt(live.size()));
            int pid = nextPid++;
            t.fork(parent, pid);
            Phase phase = phases[r.nextInt(phases.length)];
            if (phase != null && r.nextInt(3) == 0) {
                t.phase(pid, phase, "s" + i);
            }
            if (r.nextBoolean()) {
                String exe = "/usr/bin/p" + r.nextInt(5);
                t.exec(pid, exe, exe.substring(9));
                if (r.nextInt(4) > 0) {
                    t.execOpen(pid, exe);
                }
            }
            live.add(pid);
        }
        int requests = r.nextInt(60);
        for (int i = 0; i < requests; i++) {
            int pid = live.get(r.nextInt(live.size()));
            String path = dirs[r.nextInt(dirs.length)] + "/f" + r.nextInt(8) + (r.nextInt(4) == 0 ? ".so.1" : "");
            switch (r.nextInt(8)) {
                case 0 -> t.stat(pid, path);
                case 1 -> t.read(pid, path);
                case 2 -> t.write(pid, path);
                case 3 -> t.execOpen(pid, path);
                case 4 -> t.probe(pid, path + ".missing");
                case 5 -> t.create(pid, path + ".new" + i, r.nextBoolean());
                case 6 -> t.op(pid, Op.READDIR, dirs[r.nextInt(dirs.length)]);
                default -> t.op(pid, Op.ACCESS, path);
            }
        }
        return t;
    }

    /** Writes the checked-in test traces: {@code RealisticTraces DIR}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        ls().write(dir.resolve("ls-constructed.jsonl"), true);
        Scenario.sequence().write(dir.resolve("sequence-constructed.jsonl"), true);
    }
}
