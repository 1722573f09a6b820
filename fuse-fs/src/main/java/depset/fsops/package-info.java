/**
 * Plain-Java access to the POSIX file operations the JDK lacks ({@link depset.fsops.PosixFiles}),
 * for the builder in the analyzer; the libc binding behind it stays in {@code depset.natives}.
 */
package depset.fsops;
