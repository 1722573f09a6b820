/**
 * What a deployment set holds beyond paths: the Debian packages that own its files and their licenses,
 * read from the source root's own dpkg database ({@link depset.meta.DpkgDatabase}, {@link
 * depset.meta.CopyrightFile}, {@link depset.meta.LicenseTable}, {@link depset.meta.LicenseFiles}), and
 * the files that look like credentials ({@link depset.meta.SecretScanner}). Everything is read through a
 * {@link depset.meta.SourceRoot}, which resolves symlinks inside the root, never on the host.
 */
package depset.meta;
