package depset.hosts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each host's important processes in a multi-host run: those its sequence declares, and the client
 * side of every flow to an important process of another host (the web tier's apache2 that reads
 * from db's important mariadbd is important on web: without it, nothing asks db anything). Applied
 * until nothing changes, so importance travels along chains of flows.
 */
public final class HostImportance {
    private HostImportance() {
    }

    /**
     * One process made important on a host by a flow.
     *
     * @param host    where it is important
     * @param process its name
     * @param flow    the flow that made it so
     */
    public record Added(String host, String process, Flow flow) {
        /** {@code apache2 on web: a client of db's mariadbd (port 3306)}. */
        public String describe() {
            return process + " on " + host + ": a client of " + flow.server() + "'s "
                    + String.join(", ", flow.serverProcesses()) + " (port " + flow.port() + ")";
        }
    }

    /** The declared important processes by host, and the ones flows add (unless {@code useFlows} is false). */
    public static Map<String, List<String>> of(FlowsFile run, boolean useFlows) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        Map<String, Set<String>> sets = sets(run);
        if (useFlows) {
            added(run, sets);
        }
        sets.forEach((h, s) -> result.put(h, List.copyOf(s)));
        return result;
    }

    /** The processes flows made important, in the order found. */
    public static List<Added> added(FlowsFile run) {
        return added(run, sets(run));
    }

    private static Map<String, Set<String>> sets(FlowsFile run) {
        Map<String, Set<String>> sets = new LinkedHashMap<>();
        run.important().forEach((h, p) -> sets.put(h, new LinkedHashSet<>(p)));
        return sets;
    }

    private static List<Added> added(FlowsFile run, Map<String, Set<String>> sets) {
        List<Added> added = new ArrayList<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Flow f : run.flows()) {
                Set<String> client = sets.get(f.client());
                Set<String> server = sets.get(f.server());
                if (client == null || server == null || f.serverProcesses().stream().noneMatch(server::contains)) {
                    continue; // the visitor, or a server that is not important
                }
                for (String p : f.clientProcesses()) {
                    if (client.add(p)) {
                        added.add(new Added(f.client(), p, f));
                        changed = true;
                    }
                }
            }
        }
        return added;
    }
}
