package depset.vm.sequence;

/**
 * The guest's link to a visitor: a veth pair between the guest's network namespace (its end named
 * {@code guestInterface}, configured by the sequence itself, as the seed did with {@code ifconfig}) and
 * a visitor namespace whose end gets {@code visitorAddress}. Both namespaces are private to the run.
 *
 * @param guestInterface the name of the guest's end, e.g. {@code eth0}
 * @param visitorAddress the visitor's address with prefix length, e.g. {@code 192.168.1.2/24}
 */
public record Network(String guestInterface, String visitorAddress) {
}
