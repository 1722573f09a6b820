package depset.build;

/**
 * One thing to write: a file of the source, and whether the manifest names it or it is only a
 * parent directory on the way to one.
 *
 * @param file        the source file's metadata now
 * @param hardLinkTo  for the second and later names of a hard-linked inode, the path written
 *                    first; else null
 * @param listed      true when the manifest names this path
 */
public record PlanItem(SourceFile file, String hardLinkTo, boolean listed) {
    public String path() {
        return file.path();
    }
}
