/**
 * Showing a deployment set to people: the self-contained HTML report ({@link depset.report.HtmlReport})
 * with its process tree, file tree, reasons and why chains, failed lookups, packages, licenses and
 * secrets; and the digest of a trace it draws from ({@link depset.report.TraceDigest}).
 */
package depset.report;
