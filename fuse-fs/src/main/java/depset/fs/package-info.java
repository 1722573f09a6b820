/**
 * TraceFs: the recording FUSE pass-through (jnr-fuse 0.5.8 over Debian's libfuse2), its request workers, the
 * kernel cache modes, caller resolution and the mount.
 *
 * <h2>The native boundary</h2>
 * This package and {@code depset.natives} (the hand-written jnr-ffi bindings: libc, libfuse2's session API,
 * netlink) are the only places that see a native type; every other package, and the whole analyzer, speaks Java
 * records (ArchUnit tests in {@code analyzer/src/test/java/depset/arch} check it). jnr-fuse is used for what it
 * does well — the Java shape of the callbacks and structs — but depset works around it where it is wrong or
 * slow. Every such workaround is listed here, with its reason and where it lives; when jnr-fuse is upgraded,
 * each one is to be checked again.
 *
 * <ol>
 *   <li><b>The operations table is copied to native memory</b> ({@link depset.fs.TraceFs}'s constructor).
 *       jnr-fuse keeps {@code struct fuse_operations} in Java heap memory and copies it for each call of
 *       {@code fuse_main}; depset calls {@code fuse_new} itself (see 5), which keeps the pointer, so the table is
 *       copied once into direct memory that lives as long as the mount. Its size is checked against
 *       {@code LibFuse2.OPERATIONS_SIZE} (360 bytes in libfuse 2.9 on x86-64): a different jnr-fuse or libfuse
 *       fails at once instead of corrupting memory.</li>
 *   <li><b>Names are bytes</b> ({@link depset.fs.ByteNameCallbacks}). jnr-fuse declares its callbacks with
 *       {@code String} parameters, which jnr-ffi decodes with the JVM's default charset: a name that is not valid
 *       UTF-8 arrives with U+FFFD in place of its bytes, and the pass-through would look up another name. Every
 *       callback that carries a name is replaced, in the native table, by one that takes the C string as a
 *       pointer and reads it one char per byte; {@code LibC} encodes such strings back the same way.
 *       ({@code TraceMount} still warns when the JVM's charset is not UTF-8, for jnr-fuse's own strings.)</li>
 *   <li><b>fsyncdir has the wrong signature in jnr-fuse 0.5.8</b> ({@code LibFuse2.FsyncdirCallback},
 *       installed by TraceFs at {@code LibFuse2.OPERATIONS_FSYNCDIR}). libfuse2 declares
 *       {@code int (*fsyncdir)(const char *, int datasync, struct fuse_file_info *)}; jnr-fuse leaves out
 *       {@code datasync}, so its callback reads the flag as the file-info pointer and crashes the JVM.</li>
 *   <li><b>Flags jnr-fuse does not expose</b> are set in the native table's flag word
 *       ({@code LibFuse2.OPERATIONS_FLAGS}): {@code nullpath_ok}, so read, write, fgetattr and release reach a
 *       file unlinked while open (the handle knows it), and {@code utime_omit_ok}, so utimens sees
 *       {@code UTIME_NOW}/{@code UTIME_OMIT} as asked.</li>
 *   <li><b>The request loop is depset's</b> ({@link depset.fs.FuseSession}, {@link depset.fs.RequestWorkers}).
 *       {@code fuse_main} installs its own SIGINT/SIGTERM handlers in the JVM and gives no sign of when the
 *       mount is live, so depset calls {@code fuse_mount} and {@code fuse_new} and waits for the kernel's INIT.
 *       {@code fuse_loop_mt} serves requests on libfuse's threads, each attached to the JVM on its first
 *       callback and detached when libfuse ends it (it ends a thread whenever more than ten are idle: 6,000
 *       thread starts in 19 s of python3 start-ups); RequestWorkers reads and processes requests
 *       ({@code fuse_session_receive_buf}, {@code fuse_session_process_buf}) on a growing pool of JVM threads
 *       instead.</li>
 *   <li><b>FuseFileInfo's bit fields are misplaced</b> in jnr-fuse (its struct has no {@code writepage}
 *       member), so {@code direct_io} (for {@code O_DIRECT} opens: InnoDB needs it) and {@code keep_cache} are
 *       written into the real struct at {@code LibFuse2.FILE_INFO_BITS} (TraceFs's open and create).</li>
 *   <li><b>getattr takes the stat buffer as a pointer</b> (TraceFs's constructor and
 *       {@code depset.natives.StatBuffer}): getattr is most of the requests, and jnr-fuse's {@code FileStat}
 *       struct costs some thirty Java objects per call.</li>
 *   <li><b>Closures are held strongly</b> (ByteNameCallbacks, TraceFs's fsyncdir field): jnr-ffi frees the
 *       native closure of a callback whose Java object is collected, and libfuse would then call freed
 *       memory.</li>
 *   <li><b>Replies libfuse2 cannot make</b> are written by depset ({@link depset.fs.ReplyChannel}, a libfuse
 *       channel of its own per worker, for the few opcodes that need it): a directory's longer entry and
 *       attribute timeouts (libfuse2 has one timeout per mount), and FUSE passthrough, which libfuse2 predates —
 *       the INIT reply written again at the full size of {@code struct fuse_init_out} with
 *       {@code FUSE_PASSTHROUGH} and {@code max_stack_depth}, and OPEN and CREATE replies marked
 *       {@code FOPEN_PASSTHROUGH} with a backing id ({@link depset.fs.PassthroughFiles}; the
 *       {@code keep_cache} bit of 6 is then cleared, which the kernel refuses with passthrough, and so is
 *       {@code direct_io}, which would send reads and writes to TraceFs again: an {@code O_DIRECT} open's
 *       backing file is itself {@code O_DIRECT}). The INIT reply also agrees to
 *       {@code FUSE_HANDLE_KILLPRIV_V2}, so the kernel stops asking for {@code security.capability} before
 *       every write, and TraceFs drops set-ID bits itself ({@link depset.fs.SuidGidKill}).</li>
 *   <li><b>Flags libfuse2 drops</b> are read from the request before libfuse2 serves it
 *       ({@link depset.fs.RequestWorkers}): whether the caller of a write, truncate or {@code O_TRUNC} open
 *       lacks {@code CAP_FSETID}.</li>
 * </ol>
 *
 * <p>Only libfuse2 is used: libfuse3-only options ({@code clone_fd}, {@code writeback_cache},
 * {@code max_idle_threads}) are refused by it.
 */
package depset.fs;
