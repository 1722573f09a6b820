package depset.fs;

import depset.trace.TraceHeader;

/**
 * What the kernel may answer from its own caches instead of asking TraceFs: the trade between
 * how fast the traced program runs and which requests the trace can miss. In every mode opens
 * (and so execs, mmaps and write accesses), readdirs, creations, renames, unlinks and
 * every other change of a name or its attributes reach TraceFs with their caller, and file
 * content re-read from the page cache after a recorded open is served by the kernel (see
 * {@code ContentCache}). In the modes with {@link #passthrough()}, the reads and writes of an open
 * file are served by the kernel from the backing file ({@link PassthroughFiles}) when it can; in
 * those with {@link #symlinkTargets()}, a symbolic link's target is read once and kept
 * ({@link SymlinkTargets}), while the lookup of the link's name reaches TraceFs as any file's
 * does: always by default; under {@code --fast}, whose names are kept 10 s, a process following a
 * link another resolved in the last 10 s leaves no record of it, where its readlink was one before.
 */
public enum KernelCache {
    /**
     * {@code --no-cache}: nothing cached (entry, attribute and negative timeouts 0), so kernel caches
     * hide no request. Every lookup and every getattr reaches TraceFs, including a {@code stat}
     * right after the lookup of the same name, the permission checks of each directory a path
     * walks through, and {@code fstat} on a descriptor. The default until attribute caching
     * was shown to change no set (docs/design.md).
     */
    NONE(0, 0, 0, false, false),
    /**
     * {@code --cache-attributes}, the default before {@link #DIRECTORIES}: names are never cached
     * (entry and negative timeouts 0), so every name any process resolves, found or not, reaches
     * TraceFs as a lookup recorded with that process, each directory a path walks through
     * included. Attributes are cached for 1 s: what the kernel answers alone is a getattr of an
     * inode whose attributes it fetched in the last second — the stat that follows a lookup of the
     * same name, the permission check of a directory the walk has just looked up, and fstat on a
     * descriptor of a recorded open. A file changed outside the mount shows its new size and times
     * at most that late (libfuse's own default).
     */
    ATTRIBUTES(0, 1, 0, false, false),
    /**
     * {@code --fast}: names, attributes and missing names cached for 10 s. A
     * lookup or getattr of a name that any process looked up within that time is answered by the
     * kernel and not recorded: a process that only stats, access()es or fails to find a name (a
     * probe along a search path), or walks through a directory, may not be recorded doing so.
     */
    NAMES_AND_ATTRIBUTES(10, 10, 0, true, true),
    /**
     * The default: attributes cached as in {@link #ATTRIBUTES}, and a directory's entry and
     * attributes for 10 s ({@link ReplyChannel}); the root's own directories only when the file
     * systems mounted on them are known ({@link MountOptions#rootMountPoints()}: depset's sandbox
     * mounts /proc, /sys, /dev and /run, and no set holds those). The names of files and symbolic
     * links, and missing names, are never cached: every file a process reaches and every name it
     * fails to find reaches TraceFs with that process. What the kernel answers alone is a walk
     * through, or a stat of, a directory that some process looked up in the last
     * 10 s; the trace's header
     * says so ({@code kernelCache: directories}), and the analysis then takes a process that named
     * a path to have walked the directories on it. Shown to give every strategy the same set as
     * {@link #NONE} on every shipped sequence and the host workloads (docs/tracing.md).
     */
    DIRECTORIES(0, 1, 10, true, true);

    private final int nameSeconds;
    private final int attributeSeconds;
    private final int directorySeconds;
    private final boolean passthrough;
    private final boolean symlinkTargets;

    KernelCache(int nameSeconds, int attributeSeconds, int directorySeconds, boolean passthrough,
                boolean symlinkTargets) {
        this.nameSeconds = nameSeconds;
        this.attributeSeconds = attributeSeconds;
        this.directorySeconds = directorySeconds;
        this.passthrough = passthrough;
        this.symlinkTargets = symlinkTargets;
    }

    /**
     * True when this mode lets the kernel keep a symbolic link's target once read
     * ({@link SymlinkTargets}): the default and {@code --fast}. By default a second process following
     * the same link is recorded by its lookup of the link's name, without a readlink; under
     * {@code --fast} not at all when the name was looked up in the last 10 s.
     * {@code --no-cache} and {@code --cache-attributes} record every readlink.
     */
    public boolean symlinkTargets() {
        return symlinkTargets;
    }

    /**
     * True when this mode lets the kernel serve an open file's reads and writes from its backing
     * file ({@link PassthroughFiles}, unless {@code --no-passthrough}): the default and
     * {@code --fast}. {@code --no-cache} keeps every request, and {@code --cache-attributes}
     * stays as the default was before.
     */
    public boolean passthrough() {
        return passthrough;
    }

    /** The name a trace's header gives this mode ({@code kernelCache}): none, attributes, directories, names. */
    public String wireName() {
        return switch (this) {
            case NONE -> TraceHeader.CACHE_NONE;
            case ATTRIBUTES -> TraceHeader.CACHE_ATTRIBUTES;
            case DIRECTORIES -> TraceHeader.CACHE_DIRECTORIES;
            case NAMES_AND_ATTRIBUTES -> TraceHeader.CACHE_NAMES;
        };
    }

    /** How long a directory's entry and attributes may stay cached, in seconds; 0: as any other. */
    public int directorySeconds() {
        return directorySeconds;
    }

    /** The entry and negative timeouts, in seconds. */
    public int nameSeconds() {
        return nameSeconds;
    }

    /** The attribute timeout, in seconds. */
    public int attributeSeconds() {
        return attributeSeconds;
    }
}
