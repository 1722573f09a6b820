package depset.build;

/**
 * A path a verifying run looked for inside the built tree and did not find, although the source
 * root has it: a file the set is missing.
 *
 * @param path      the path inside the root
 * @param pid       the process that looked for it (0 when unknown)
 * @param exe       that process's executable, "" when unknown
 * @param operation the request that failed ("getattr" is a lookup, "open", "readlink", …)
 */
public record MissingFile(String path, int pid, String exe, String operation) {
    public MissingFile {
        exe = exe == null ? "" : exe;
    }

    /** "process 1234 (/usr/bin/python3)". */
    public String process() {
        return "process " + pid + (exe.isEmpty() ? "" : " (" + exe + ")");
    }
}
