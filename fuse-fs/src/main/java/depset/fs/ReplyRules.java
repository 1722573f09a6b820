package depset.fs;

/**
 * What a mount's replies are changed by, beyond what libfuse2 writes ({@link ReplyChannel}): the
 * same for every request worker of the mount, /dev/fuse's and io_uring's.
 *
 * @param directories           which directories' entries and attributes the kernel may keep, and how long
 * @param symlinks              whether the INIT reply asks the kernel to keep symbolic links' targets,
 *                              and the links last described
 * @param passthrough           the mount's passthrough registrations
 * @param requestTimeoutSeconds asked for in the INIT reply when not 0 and the kernel offers it: a
 *                              request its daemon leaves unanswered that long ends the connection
 */
record ReplyRules(DirectoryCaching directories, SymlinkTargets symlinks, PassthroughFiles passthrough,
                  int requestTimeoutSeconds) {
}
