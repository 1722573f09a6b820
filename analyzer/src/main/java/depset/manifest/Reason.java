package depset.manifest;

/**
 * Why one entry is in a deployment set: a strategy rule, and the process and operation that made
 * the rule pick it.
 *
 * @param rule      the rule, e.g. "strict: touched by an important process or a descendant",
 *                  "parent-directory", "symlink-on-path", "created-in", "repair round 2", "license"
 * @param pid       the process whose access counts, 0 when the rule names none
 * @param exe       that process's executable, or null
 * @param operation the access ("open", "exec", "stat", "readlink", "readdir", "probe-missing", …),
 *                  or null
 * @param run       the trace or run the reason comes from (kept apart by merge), or null
 * @param from      for a file a closure added, the entry of the set that needed it (the ELF file whose
 *                  DT_NEEDED named it, a file of the same package, the directory completed), whose own
 *                  reasons continue the chain; otherwise null
 */
public record Reason(String rule, int pid, String exe, String operation, String run, String from) {
    public Reason {
        if (rule == null || rule.isEmpty()) {
            throw new IllegalArgumentException("a reason needs a rule");
        }
    }

    public Reason(String rule, int pid, String exe, String operation) {
        this(rule, pid, exe, operation, null, null);
    }

    public Reason(String rule, int pid, String exe, String operation, String run) {
        this(rule, pid, exe, operation, run, null);
    }

    /** A closure's reason: no process, the operation that found the file, and the entry that needed it. */
    public static Reason needed(String rule, String operation, String from) {
        return new Reason(rule, 0, null, operation, null, from);
    }

    /** The same reason, tagged with the run it comes from. */
    public Reason fromRun(String runName) {
        return new Reason(rule, pid, exe, operation, runName, from);
    }
}
