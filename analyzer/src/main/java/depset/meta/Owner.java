package depset.meta;

/**
 * A package that owns a path, and how depset found it.
 *
 * @param pkg the package name
 * @param via null when the package's file list names the path; otherwise how the path was mapped
 *            to it: "diversion of ORIGINAL", "alternative NAME", "usrmerge alias of PATH"
 */
public record Owner(String pkg, String via) {
}
