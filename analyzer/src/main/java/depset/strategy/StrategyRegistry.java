package depset.strategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strategies a user can name, in order from smallest to largest. Immutable: another module
 * adds its own with {@link #with} (the builder adds {@code auto}, which needs to run a sequence).
 */
public final class StrategyRegistry {
    /** The name that asks for every registered strategy. */
    public static final String ALL_STRATEGIES = "all-strategies";

    private final Map<String, Strategy> byName;

    private StrategyRegistry(Map<String, Strategy> byName) {
        this.byName = byName;
    }

    /** strict, system, execd, all — each built on the one before. */
    public static StrategyRegistry standard() {
        Strategy strict = new StrictStrategy();
        Strategy system = new SystemStrategy(strict);
        Strategy execd = new ExecdStrategy(system);
        Strategy all = new AllAccessedStrategy(execd);
        return new StrategyRegistry(new LinkedHashMap<>()).with(strict).with(system).with(execd).with(all);
    }

    /** This registry plus {@code strategy} (replacing one of the same name). */
    public StrategyRegistry with(Strategy strategy) {
        Map<String, Strategy> m = new LinkedHashMap<>(byName);
        m.put(strategy.name(), strategy);
        return new StrategyRegistry(m);
    }

    /** The strategy with this name, or null. */
    public Strategy get(String name) {
        return byName.get(name);
    }

    /** Every registered strategy, in registration order. */
    public List<Strategy> all() {
        return List.copyOf(byName.values());
    }

    /** The registered names. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * Parses a comma-separated list of names, or {@value #ALL_STRATEGIES}.
     *
     * @throws IllegalArgumentException naming the unknown strategy and the known ones
     */
    public List<Strategy> parse(String list) {
        List<Strategy> out = new ArrayList<>();
        for (String name : list.split(",")) {
            if (name.trim().equals(ALL_STRATEGIES)) {
                for (Strategy s : all()) {
                    if (!out.contains(s)) {
                        out.add(s);
                    }
                }
                continue;
            }
            Strategy s = byName.get(name.trim());
            if (s == null) {
                throw new IllegalArgumentException("unknown strategy \"" + name.trim() + "\"; known: "
                        + String.join(", ", names()) + ", or " + ALL_STRATEGIES);
            }
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
