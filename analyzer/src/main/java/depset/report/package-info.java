/**
 * Showing a deployment set to people: the self-contained HTML report ({@link depset.report.HtmlReport})
 * with its process tree, file tree, reasons and why chains, failed lookups, packages, licenses and
 * secrets, drawn from the analyzer's dependency graph of the trace ({@link depset.graph.DependencyGraph#read(java.nio.file.Path, java.util.function.LongConsumer)}).
 */
package depset.report;
