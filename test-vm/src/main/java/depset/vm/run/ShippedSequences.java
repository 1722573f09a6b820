package depset.vm.run;

import depset.vm.guest.GuestRecipes;
import depset.vm.sequence.Sequence;
import depset.vm.sequence.SequenceFormatException;
import depset.vm.sequence.SequenceParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The sequences depset ships ({@code test-vm/sequences/*.seq}), by name. */
public final class ShippedSequences {
    private ShippedSequences() {
    }

    /**
     * The shipped sequences' names: the seed's two, the machine's own root, LAMP on two hosts, and one per
     * service of the evaluation (each in its guest of the same name).
     */
    public static List<String> names() {
        return List.of("ls", "lamp", "host", "lamp2", "nginx", "postgres", "redis", "python", "tls", "locale");
    }

    /**
     * The shipped sequence {@code name}, if there is one; {@code NAME@SUITE} is a guest sequence run in
     * its guest built from another Debian release ({@code lamp@trixie}: root {@code guest:lamp@trixie}).
     */
    public static Optional<Sequence> byName(String name) throws IOException {
        int at = name.indexOf('@');
        if (at > 0) {
            String suite = name.substring(at + 1);
            Optional<Sequence> base = byName(name.substring(0, at));
            if (base.isEmpty() || base.get().multiHost() || base.get().guestName().isEmpty()
                    || GuestRecipes.byName(base.get().guestName().get() + "@" + suite).isEmpty()) {
                // no such release, a guest built from one release only, or several hosts (each names its root)
                return Optional.empty();
            }
            Sequence s = base.get();
            return Optional.of(new Sequence(name, Sequence.GUEST_PREFIX + s.guestName().get() + "@" + suite,
                    s.timeout(), s.important(), s.network(), s.steps()));
        }
        if (!names().contains(name)) {
            return Optional.empty();
        }
        try (InputStream in = ShippedSequences.class.getResourceAsStream("/depset/vm/sequences/" + name + ".seq")) {
            if (in == null) {
                throw new IOException("the shipped sequence " + name + ".seq is missing from the build");
            }
            return Optional.of(SequenceParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    name + ".seq", name));
        } catch (SequenceFormatException e) {
            throw new IllegalStateException("a shipped sequence does not parse: " + e.getMessage(), e);
        }
    }
}
