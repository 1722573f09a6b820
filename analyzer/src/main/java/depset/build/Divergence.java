package depset.build;

import depset.graph.ProcessNode;

/**
 * A process of a reduced run that missed what its counterpart in the original run found.
 *
 * @param reduced   the process of the reduced run
 * @param original  its counterpart in the original run
 * @param path      what the reduced process missed: a name it looked up in vain, a name in a
 *                  directory it listed that the tree lacks, or a name a child of the counterpart
 *                  found that never ran its program in the reduced run
 * @param operation "lookup", "readdir" or "child"
 */
public record Divergence(ProcessNode reduced, ProcessNode original, String path, String operation) {
    /** "process 4242 (/usr/bin/login, login -f root)": the original process, as the manifest's table knows it. */
    public String process() {
        ProcessNode o = original;
        return "process " + o.pid() + " (" + (o.exe().isEmpty() ? "?" : o.exe())
                + (o.argv().isEmpty() ? "" : ", " + String.join(" ", o.argv())) + ")";
    }

    /** As a missing file of a verification: the path with the original process. */
    public MissingFile asMissing() {
        return new MissingFile(path, original.pid(), original.exe(), operation);
    }
}
