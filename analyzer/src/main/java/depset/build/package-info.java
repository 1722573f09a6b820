/**
 * Writing a deployment set out: {@link depset.build.BuildPlan} (the manifest's entries as the
 * source holds them, with their parent directories, checked against the trace), and the writers of
 * that plan — {@link depset.build.TreeWriter} (a root to chroot into), {@link depset.build.TarWriter}
 * and {@link depset.build.OciWriter} (reproducible archives) — and {@link depset.build.BuildSummary}.
 */
package depset.build;
