/**
 * Comparing and combining deployment sets: {@link depset.diff.ManifestDiff} says what one set has that
 * another lacks and what changed between them; {@link depset.diff.ManifestMerge} makes the union of
 * several runs, each reason keeping the run it came from.
 */
package depset.diff;
