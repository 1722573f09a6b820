package depset.meta;

/**
 * A package installed in a root, from dpkg's {@code status}.
 *
 * @param name         the package name without architecture ("libc6")
 * @param architecture "amd64", "all", …
 * @param version      the installed version
 * @param source       the source package ("glibc"), the name itself when the status says none
 */
public record InstalledPackage(String name, String architecture, String version, String source) {
}
