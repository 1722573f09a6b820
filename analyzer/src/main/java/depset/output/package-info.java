/**
 * Writing what the user asked for, and nothing else: {@link depset.output.OutputFile} is the one
 * writer of named output files (temporary sibling and rename, no symlink followed, the file named
 * on failure).
 */
package depset.output;
