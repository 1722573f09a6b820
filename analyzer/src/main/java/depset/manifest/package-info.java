/**
 * The deployment set as a file: {@link depset.manifest.Manifest}, its entries and their reasons,
 * and its stable JSON form ({@link depset.manifest.ManifestJson}). Written by {@code depset analyze},
 * read by build, verify, why, diff, merge, report.
 */
package depset.manifest;
