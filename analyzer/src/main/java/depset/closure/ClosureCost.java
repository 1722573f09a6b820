package depset.closure;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one closure added to a set and what it cost, told from the set alone: the entries whose
 * every reason is a rule of that closure.
 *
 * @param closure the closure's name
 * @param files   entries it added (files, symlinks and directories)
 * @param bytes   bytes of the regular files among them, each hard-linked inode once
 */
public record ClosureCost(String closure, long files, long bytes) {
    /** The cost of each closure that added something to {@code set}, in {@link ComposedStrategy#KNOWN} order. */
    public static List<ClosureCost> of(Manifest set) {
        Map<String, long[]> per = new LinkedHashMap<>();
        for (String c : ComposedStrategy.KNOWN) {
            per.put(c, new long[2]);
        }
        Set<String> seenLinks = new HashSet<>();
        for (ManifestEntry e : set.entries()) {
            String c = closureOf(e);
            if (c == null) {
                continue;
            }
            long[] t = per.get(c);
            t[0]++;
            if (e.type() == FileType.FILE && (e.linkGroup() == null || seenLinks.add(e.linkGroup()))) {
                t[1] += e.size();
            }
        }
        return per.entrySet().stream().filter(x -> x.getValue()[0] > 0)
                .map(x -> new ClosureCost(x.getKey(), x.getValue()[0], x.getValue()[1])).toList();
    }

    /** The closure that added {@code e}, or null when some reason of it is not a closure's. */
    static String closureOf(ManifestEntry e) {
        String found = null;
        for (Reason r : e.reasons()) {
            String c = null;
            for (String k : ComposedStrategy.KNOWN) {
                if (r.rule().startsWith(k + ": ")) {
                    c = k;
                }
            }
            if (c == null || (found != null && !found.equals(c))) {
                return null;
            }
            found = c;
        }
        return found;
    }
}
