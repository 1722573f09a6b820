package depset.vm.sequence;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One step of a sequence.
 *
 * @param line     the line of the sequence file it was written on
 * @param kind     what it does
 * @param argument the command, user or URL ("" for {@code logout})
 * @param timeout  its own timeout, when the file gives one; otherwise the sequence's default applies
 * @param checks   what it must show; holds at least one {@link Check.ExitStatus}
 * @param unseen   a step of the {@code verify} section: never traced, only replayed in built trees, to
 *                 measure how a set fares on a workload it was not computed from
 * @param host     the host it runs on in a multi-host sequence ("" in a one-host sequence, and for the
 *                 visitor's {@code get} and {@code client} steps)
 */
public record Step(int line, StepKind kind, String argument, Optional<Duration> timeout, List<Check> checks,
                   boolean unseen, String host) {
    public Step {
        checks = List.copyOf(checks);
        host = host == null ? "" : host;
    }

    /** A step of a one-host sequence. */
    public Step(int line, StepKind kind, String argument, Optional<Duration> timeout, List<Check> checks,
                boolean unseen) {
        this(line, kind, argument, timeout, checks, unseen, "");
    }

    /** A step the trace sees. */
    public Step(int line, StepKind kind, String argument, Optional<Duration> timeout, List<Check> checks) {
        this(line, kind, argument, timeout, checks, false);
    }

    /** The exit status this step must end with. */
    public int expectedStatus() {
        for (Check c : checks) {
            if (c instanceof Check.ExitStatus s) {
                return s.status();
            }
        }
        return 0;
    }

    /**
     * For {@code start} and {@code stop} steps, the daemon's name: the base name of the first word of
     * {@code start}'s command ({@code start /usr/sbin/nginx -g 'daemon off;'} is {@code nginx}).
     */
    public String daemon() {
        if (kind == StepKind.STOP) {
            return argument;
        }
        String first = argument.split("\\s+", 2)[0];
        return first.substring(first.lastIndexOf('/') + 1);
    }

    /**
     * How the step reads in a report: {@code type ifconfig eth0 192.168.1.3}; on a host of a
     * multi-host sequence, {@code web: boot service apache2 start}.
     */
    public String describe() {
        String what = argument.isEmpty() ? kind.key() : kind.key() + " " + argument;
        return host.isEmpty() ? what : host + ": " + what;
    }
}
