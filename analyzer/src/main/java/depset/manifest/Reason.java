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
 */
public record Reason(String rule, int pid, String exe, String operation, String run) {
    public Reason {
        if (rule == null || rule.isEmpty()) {
            throw new IllegalArgumentException("a reason needs a rule");
        }
    }

    public Reason(String rule, int pid, String exe, String operation) {
        this(rule, pid, exe, operation, null);
    }

    /** The same reason, tagged with the run it comes from. */
    public Reason fromRun(String runName) {
        return new Reason(rule, pid, exe, operation, runName);
    }
}
