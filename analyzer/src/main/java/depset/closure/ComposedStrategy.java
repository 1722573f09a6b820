package depset.closure;

import java.util.ArrayList;
import java.util.List;

/**
 * A strategy name with closures after it, as users type it: {@code auto+elf}, {@code strict+elf+dirs}.
 *
 * @param base     the strategy ("auto", "strict", …)
 * @param closures the closures' names, in the order they apply
 */
public record ComposedStrategy(String base, List<String> closures) {
    /** The closures a name may add, in the order users read them. */
    public static final List<String> KNOWN = List.of(ElfClosure.NAME, PackageClosure.NAME, DirectoryClosure.NAME);

    public ComposedStrategy {
        closures = List.copyOf(closures);
    }

    /**
     * Parses {@code name}.
     *
     * @throws IllegalArgumentException for an unknown or repeated closure, or an empty part
     */
    public static ComposedStrategy parse(String name) {
        String[] parts = name.trim().split("\\+", -1);
        List<String> closures = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String c = parts[i].trim();
            if (!KNOWN.contains(c)) {
                throw new IllegalArgumentException("unknown closure \"" + c + "\" in \"" + name.trim() + "\"; known: "
                        + String.join(", ", KNOWN));
            }
            if (closures.contains(c)) {
                throw new IllegalArgumentException("closure \"" + c + "\" named twice in \"" + name.trim() + "\"");
            }
            closures.add(c);
        }
        if (parts[0].trim().isEmpty()) {
            throw new IllegalArgumentException("no strategy before the closures in \"" + name.trim() + "\"");
        }
        return new ComposedStrategy(parts[0].trim(), closures);
    }

    /** The name as the user typed it (normalised): "auto+elf". */
    public String name() {
        return closures.isEmpty() ? base : base + "+" + String.join("+", closures);
    }
}
