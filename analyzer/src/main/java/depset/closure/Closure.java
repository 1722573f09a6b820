package depset.closure;

/**
 * A rule that completes a set from the source root. Each file it adds gets a reason whose rule starts
 * with its {@link #name()} and whose {@link depset.manifest.Reason#from() from} is the entry that needed it.
 */
public sealed interface Closure permits ElfClosure, PackageClosure, DirectoryClosure {
    /** The name in a composed strategy ("elf" in {@code auto+elf}). */
    String name();

    /** Adds what this closure needs to {@code set}, reporting what it cannot to {@link SetAdditions#warn}. */
    void close(SetAdditions set) throws java.io.IOException;
}
