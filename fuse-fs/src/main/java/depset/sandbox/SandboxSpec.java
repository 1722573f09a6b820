package depset.sandbox;

import depset.fs.MountOptions;
import depset.trace.TraceHeader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Sandbox#open} sets up.
 *
 * @param root          the source root to trace (a guest tree, or "/")
 * @param trace         the trace file to write (gzip-compressed when it ends in ".gz")
 * @param writable      false (the default): writes go to a scratch overlay layer and the source
 *                      stays untouched; true: writes go through to the source (disposable guests)
 * @param mountOptions  how TraceFs is mounted
 * @param command       what the trace header names as the command (informational)
 * @param depsetVersion the version the trace header names
 * @param diagnostics   where one-line warnings go (file systems left out, lost events)
 * @param warmUpRounds  the rounds of requests made on a throwaway mount first, to run TraceFs's
 *                      request path hot ({@link depset.fs.WarmUp}), so that the traced program's
 *                      first requests are not served by interpreted code; 0 for none
 * @param netns         the network namespace the guest runs in (a {@code /proc/PID/ns/net} or
 *                      {@code /run/netns/NAME} path), or null for depset's own
 * @param hostname      the guest's host name (a host of a multi-host sequence), or null for the machine's
 */
public record SandboxSpec(Path root, Path trace, boolean writable, MountOptions mountOptions, List<String> command,
                          String depsetVersion, PrintStream diagnostics, int warmUpRounds, Path netns,
                          String hostname) {
    public SandboxSpec {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(trace, "trace");
        root = root.toAbsolutePath().normalize();
        trace = trace.toAbsolutePath().normalize();
        mountOptions = mountOptions == null ? MountOptions.defaults() : mountOptions;
        command = command == null ? List.of() : List.copyOf(command);
        depsetVersion = depsetVersion == null ? "dev" : depsetVersion;
        diagnostics = diagnostics == null ? System.err : diagnostics;
        if (warmUpRounds < 0) {
            throw new IllegalArgumentException("warm-up rounds must not be negative: " + warmUpRounds);
        }
    }

    /**
     * The header of the trace this spec's session writes, starting now: the source root, the host
     * (the guest's name, else the machine's), the command, and what the kernel may cache.
     */
    public TraceHeader traceHeader() {
        return new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, root.toString(), Instant.now().toString(),
                hostname != null ? hostname : machineName(), depsetVersion, command)
                .withKernelCache(mountOptions.cache().wireName());
    }

    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** A spec with the defaults: overlay (source untouched), default mount options, stderr. */
    public static SandboxSpec of(Path root, Path trace) {
        return new SandboxSpec(root, trace, false, null, null, null, null, 0, null, null);
    }

    public SandboxSpec writable(boolean w) {
        return new SandboxSpec(root, trace, w, mountOptions, command, depsetVersion, diagnostics, warmUpRounds,
                netns, hostname);
    }

    public SandboxSpec command(List<String> c) {
        return new SandboxSpec(root, trace, writable, mountOptions, c, depsetVersion, diagnostics, warmUpRounds,
                netns, hostname);
    }

    public SandboxSpec version(String v) {
        return new SandboxSpec(root, trace, writable, mountOptions, command, v, diagnostics, warmUpRounds,
                netns, hostname);
    }

    public SandboxSpec mountOptions(MountOptions o) {
        return new SandboxSpec(root, trace, writable, o, command, depsetVersion, diagnostics, warmUpRounds,
                netns, hostname);
    }

    public SandboxSpec warmUp(int rounds) {
        return new SandboxSpec(root, trace, writable, mountOptions, command, depsetVersion, diagnostics, rounds,
                netns, hostname);
    }

    public SandboxSpec diagnostics(PrintStream d) {
        return new SandboxSpec(root, trace, writable, mountOptions, command, depsetVersion, d, warmUpRounds,
                netns, hostname);
    }

    public SandboxSpec netns(Path ns) {
        return new SandboxSpec(root, trace, writable, mountOptions, command, depsetVersion, diagnostics, warmUpRounds,
                ns, hostname);
    }

    public SandboxSpec hostname(String name) {
        return new SandboxSpec(root, trace, writable, mountOptions, command, depsetVersion, diagnostics, warmUpRounds,
                netns, name);
    }
}
