package depset.vm.sequence;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A service's life, as a sequence file describes it.
 *
 * <p>A multi-host sequence declares its {@link #hosts}, each with its own root and important processes;
 * {@link #root} and {@link #important} are then the first host's (for the code that handles one host
 * only; {@link #multiHost()} tells them apart), and every step names its host.
 *
 * @param name        the sequence's name (the file's {@code name}, or its base name)
 * @param root        the root tree: {@code guest:NAME} or a directory
 * @param timeout     the default per-step timeout
 * @param important   the important processes (executable names or paths), where the {@code strict}
 *                    strategy starts
 * @param network     the visitor link, when the sequence has one
 * @param steps       the steps, in order
 * @param hosts       the hosts of a multi-host sequence, in the order declared; empty for one host
 */
public record Sequence(String name, String root, Duration timeout, List<String> important,
                       Optional<Network> network, List<Step> steps, List<Host> hosts) {
    /** The prefix of a {@link #root} that names a guest rather than a directory. */
    public static final String GUEST_PREFIX = "guest:";
    /** Every host's end of the LAN in a multi-host sequence, addressed and brought up by depset. */
    public static final String LAN_INTERFACE = "eth0";

    public Sequence {
        important = List.copyOf(important);
        steps = List.copyOf(steps);
        hosts = List.copyOf(hosts);
    }

    /** A one-host sequence. */
    public Sequence(String name, String root, Duration timeout, List<String> important, Optional<Network> network,
                    List<Step> steps) {
        this(name, root, timeout, important, network, steps, List.of());
    }

    /** True when the sequence declares hosts (even one): each runs as a guest of its own on a LAN. */
    public boolean multiHost() {
        return !hosts.isEmpty();
    }

    /** The host called {@code hostName}. */
    public Optional<Host> host(String hostName) {
        return hosts.stream().filter(h -> h.name().equals(hostName)).findFirst();
    }

    /**
     * Where a {@code wait-port PORT [HOST]} step polls, as {@code {address, port}}: the step's host by its LAN
     * address when HOST names one of this sequence's hosts, HOST as written otherwise, 127.0.0.1 without one.
     */
    public String[] portTarget(Step waitPort) {
        String[] f = waitPort.argument().split("\\s+");
        String address = f.length < 2 ? "127.0.0.1" : host(f[1]).map(Host::ip).orElse(f[1]);
        return new String[] {address, f[0]};
    }

    /** The guest's name when {@link #root} is {@code guest:NAME}. */
    public Optional<String> guestName() {
        return root.startsWith(GUEST_PREFIX) ? Optional.of(root.substring(GUEST_PREFIX.length())) : Optional.empty();
    }

    /** The timeout that applies to {@code step}. */
    public Duration timeoutOf(Step step) {
        return step.timeout().orElse(timeout);
    }

    /** The sequence without its {@code verify} steps: what is traced and what sets are computed from. */
    public Sequence traced() {
        return new Sequence(name, root, timeout, important, network,
                steps.stream().filter(s -> !s.unseen()).toList(), hosts);
    }

    /** True when the sequence has {@code verify} steps, replayed but never traced. */
    public boolean hasUnseen() {
        return steps.stream().anyMatch(Step::unseen);
    }

    /** The same sequence run in another root tree (a built deployment set, for verify). */
    public Sequence withRoot(String newRoot) {
        return new Sequence(name, newRoot, timeout, important, network, steps, hosts);
    }
}
