package depset.cli;

import depset.fs.KernelCache;
import depset.fs.MountOptions;
import picocli.CommandLine.Option;

/**
 * The kernel cache options of {@code depset run} and {@code depset mount}: by default attributes,
 * directories' names and links' targets cached and open files read and written by the kernel
 * (shown to change no set), {@code --cache-attributes} for attributes only, {@code --no-cache} for nothing,
 * {@code --fast} for every name, {@code --no-passthrough} to serve reads and writes in TraceFs.
 */
final class CacheFlags {
    @Option(names = "--no-cache", description = "let the kernel cache nothing: every lookup of every directory a path"
            + " walks, the getattr that repeats a lookup's, fstat on a descriptor and every readlink of a link"
            + " already read are recorded too (about four times the default's requests; the same sets)")
    boolean noCache;

    @Option(names = "--cache-attributes", description = "let the kernel cache attributes for 1 s but no name, not even a"
            + " directory's (the default before directories were cached; about twice the requests; the same sets)")
    boolean cacheAttributes;

    @Option(names = "--fast", description = "let the kernel cache names and attributes for 10 s: faster, but a stat,"
            + " access or failed lookup of a name any process looked up in the last 10 s is not recorded"
            + ", nor a second follow of a link (opens, execs, readdirs and changes always are); never the"
            + " default")
    boolean fast;

    @Option(names = "--no-passthrough", description = "serve every read and write of an open file in TraceFs, not by the"
            + " kernel from the backing file (FUSE passthrough, Linux 6.9+, the default with the default"
            + " cache and --fast; the opens are recorded either way). For a traced program that mounts an"
            + " overlay over the mount, which passthrough's stacking forbids")
    boolean noPassthrough;

    @Option(names = "--no-io-uring", description = "read every request from /dev/fuse, even where the kernel offers FUSE"
            + " over io_uring (Linux 6.14+ with the fuse module's enable_uring on), whose per-CPU queues the"
            + " default uses then: the same requests, recorded the same way, answered on the caller's CPU")
    boolean noIoUring;

    /** The mount options asked for: {@link #mode()}, and passthrough as it has it unless {@code --no-passthrough}. */
    MountOptions mountOptions() {
        MountOptions o = MountOptions.defaults().cache(mode());
        o = noPassthrough ? o.withoutPassthrough() : o;
        return noIoUring ? o.withoutIoUring() : o;
    }

    /** The mode asked for; a usage error for two at once. */
    KernelCache mode() {
        int given = (noCache ? 1 : 0) + (fast ? 1 : 0) + (cacheAttributes ? 1 : 0);
        if (given > 1) {
            throw new DepsetException(ExitCode.USAGE, "give one of --no-cache, --cache-attributes and --fast");
        }
        return fast ? KernelCache.NAMES_AND_ATTRIBUTES
                : noCache ? KernelCache.NONE
                : cacheAttributes ? KernelCache.ATTRIBUTES
                : KernelCache.DIRECTORIES;
    }
}
