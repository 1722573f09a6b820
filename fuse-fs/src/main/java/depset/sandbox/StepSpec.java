package depset.sandbox;

import depset.trace.Phase;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One command to run inside an open sandbox, chrooted into the traced root, in the session's pid
 * namespace (processes a step leaves running, such as daemons a boot step starts, keep running
 * for the next steps until the session closes).
 *
 * @param argv    the command and its arguments; a bare name is looked up in the root's PATH
 * @param phase   the phase the step's processes belong to
 * @param step    the step's name, recorded in its {@link depset.trace.ProcessEvent.PhaseMark} mark
 * @param workdir the working directory inside the root, absolute
 * @param env     the environment, or null to pass depset's own through (as chroot does)
 * @param stdin   where the command reads from (default: depset's own stdin)
 * @param stdout  where the command writes to (default: depset's own stdout)
 * @param stderr  where the command's errors go (default: depset's own stderr)
 * @param netns   a network namespace to run in (a path such as /run/netns/NAME or
 *                /proc/PID/ns/net), or null for the host's
 * @param uid     the uid to run as, or -1 to stay root
 * @param gid     the gid to run as, or -1 to stay root
 * @param timeout how long the command may run before it is killed (exit status 137), or null
 */
public record StepSpec(List<String> argv, Phase phase, String step, String workdir, Map<String, String> env,
                       Redirect stdin, Redirect stdout, Redirect stderr, Path netns, int uid, int gid,
                       Duration timeout) {
    public StepSpec {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("a step needs a command");
        }
        Objects.requireNonNull(phase, "phase");
        step = step == null ? "" : step;
        workdir = workdir == null ? "/" : workdir;
        if (!workdir.startsWith("/")) {
            throw new IllegalArgumentException("the working directory must be absolute: " + workdir);
        }
        env = env == null ? null : Map.copyOf(env);
        stdin = stdin == null ? Redirect.INHERIT : stdin;
        stdout = stdout == null ? Redirect.INHERIT : stdout;
        stderr = stderr == null ? Redirect.INHERIT : stderr;
    }

    /** {@code argv} as step "command" of phase {@link Phase#RUN}, with depset's stdio and environment. */
    public static StepSpec of(List<String> argv) {
        return new StepSpec(argv, Phase.RUN, "command", "/", null, null, null, null, null, -1, -1, null);
    }

    /** Shorthand for {@link #of(List)}. */
    public static StepSpec of(String... argv) {
        return of(List.of(argv));
    }

    public StepSpec phase(Phase newPhase, String newStep) {
        return new StepSpec(argv, newPhase, newStep, workdir, env, stdin, stdout, stderr, netns, uid, gid, timeout);
    }

    public StepSpec workdir(String dir) {
        return new StepSpec(argv, phase, step, dir, env, stdin, stdout, stderr, netns, uid, gid, timeout);
    }

    public StepSpec env(Map<String, String> e) {
        return new StepSpec(argv, phase, step, workdir, e, stdin, stdout, stderr, netns, uid, gid, timeout);
    }

    public StepSpec stdio(Redirect in, Redirect out, Redirect err) {
        return new StepSpec(argv, phase, step, workdir, env, in, out, err, netns, uid, gid, timeout);
    }

    public StepSpec netns(Path ns) {
        return new StepSpec(argv, phase, step, workdir, env, stdin, stdout, stderr, ns, uid, gid, timeout);
    }

    public StepSpec user(int newUid, int newGid) {
        return new StepSpec(argv, phase, step, workdir, env, stdin, stdout, stderr, netns, newUid, newGid, timeout);
    }

    public StepSpec timeout(Duration t) {
        return new StepSpec(argv, phase, step, workdir, env, stdin, stdout, stderr, netns, uid, gid, t);
    }
}
