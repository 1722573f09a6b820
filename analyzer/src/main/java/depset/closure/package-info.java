/**
 * Closures: rules that complete a deployment set from the source root rather than from the trace, for
 * the paths the traced run did not take — {@code elf} (the libraries and loader every ELF file of the
 * set needs), {@code packages} (the rest of the Debian packages the set uses) and {@code dirs}
 * (chosen directories, whole). A strategy name composes them ({@code auto+elf}); every file a closure
 * adds carries a reason naming the closure and the entry that needed it ({@link depset.manifest.Reason#from()}).
 */
package depset.closure;
