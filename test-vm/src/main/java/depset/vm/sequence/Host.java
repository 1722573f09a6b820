package depset.vm.sequence;

import java.util.List;
import java.util.Optional;

/**
 * One machine of a multi-host sequence: a guest of its own (its own namespaces, overlay, TraceFs and
 * trace) on the sequence's virtual LAN.
 *
 * @param line      the line of the sequence file that declares it
 * @param name      its name: the host name inside it, the name its steps' {@code on} lines give
 * @param root      its root tree: {@code guest:NAME} or a directory; two hosts may share one
 * @param address   its LAN address with prefix length ({@code 192.168.1.3/24}), set on its
 *                  {@link Sequence#LAN_INTERFACE} by depset before its first step
 * @param important its important processes, where its {@code strict} set starts
 */
public record Host(int line, String name, String root, String address, List<String> important) {
    public Host {
        important = List.copyOf(important);
    }

    /** The address without its prefix length ({@code 192.168.1.3}). */
    public String ip() {
        return address.substring(0, address.indexOf('/'));
    }

    /** The guest's name when {@link #root} is {@code guest:NAME}. */
    public Optional<String> guestName() {
        return root.startsWith(Sequence.GUEST_PREFIX)
                ? Optional.of(root.substring(Sequence.GUEST_PREFIX.length())) : Optional.empty();
    }
}
