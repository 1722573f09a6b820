package depset.build;

/** Rules for the paths a deployment set may name: absolute, normal, and never climbing out. */
final class EntryPath {
    private EntryPath() {
    }

    /**
     * Why {@code path} cannot be written below a target directory, or null when it can: it must be
     * absolute and have no empty, "." or ".." component.
     */
    static String unsafe(String path) {
        if (path == null || !path.startsWith("/")) {
            return "not absolute";
        }
        if (path.equals("/")) {
            return null;
        }
        if (path.indexOf('\0') >= 0) {
            return "contains a NUL byte";
        }
        for (String part : path.substring(1).split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return "has a \"" + part + "\" component";
            }
        }
        return null;
    }

    /** The parent of an absolute, normal path ("/" for "/usr"); null for "/". */
    static String parent(String path) {
        if (path.equals("/")) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }
}
