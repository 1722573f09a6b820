/**
 * Showing a deployment set to people: the self-contained HTML report ({@link depset.report.HtmlReport})
 * with its process tree, file tree, reasons and why chains, failed lookups, packages, licenses and
 * secrets, drawn from the analyzer's dependency graph of the trace ({@link depset.report.TraceGraphs}).
 */
package depset.report;
