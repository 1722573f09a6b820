package depset.vm.load;

import depset.fs.KernelCache;
import depset.fs.MountOptions;
import depset.vm.eval.ReproZipProgram;
import depset.vm.run.ChrootSession;
import depset.vm.run.GuestSessionFactory;
import depset.vm.run.TracedSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the service runs under: nothing, depset, or one of the tracers people use today. */
enum Tracer {
    NATIVE("native"),
    DEPSET("depset"),
    DEPSET_NO_PASSTHROUGH("depset --no-passthrough"),
    DEPSET_NO_CACHE("depset --no-cache"),
    DEPSET_FAST("depset --fast"),
    DEPSET_CACHE_ATTRIBUTES("depset --cache-attributes"),
    STRACE("strace -f"),
    STRACE_SECCOMP("strace -f --seccomp-bpf"),
    REPROZIP("reprozip trace");

    private final String label;

    Tracer(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The option value naming it ({@code strace-seccomp}). */
    String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static Tracer byKey(String key) {
        for (Tracer t : values()) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tracer '" + key + "' (known: native, depset, depset-no-passthrough, depset-no-cache, depset-fast, "
                + "depset-cache-attributes, strace, strace-seccomp, reprozip)");
    }

    /** Whether this is depset, whose trace is checked for lost events. */
    boolean isDepset() {
        return this == DEPSET || this == DEPSET_NO_PASSTHROUGH || this == DEPSET_NO_CACHE || this == DEPSET_FAST || this == DEPSET_CACHE_ATTRIBUTES;
    }

    /** The tool it needs, when that is not installed; null when it can run. */
    String missingTool() {
        if ((this == STRACE || this == STRACE_SECCOMP) && !Files.isExecutable(Path.of("/usr/bin/strace"))) {
            return "strace is not installed";
        }
        if (this == REPROZIP && !Files.isExecutable(Path.of("/usr/bin/reprozip"))) {
            return "reprozip is not installed";
        }
        return null;
    }

    /**
     * Sessions for this tracer, recording into {@code trace} (depset's JSON Lines, strace's log, or
     * ReproZip's directory). strace traces file system calls only ({@code -e trace=file}), as
     * bench/overhead.sh does: the calls depset records.
     */
    GuestSessionFactory sessions(Path trace, String version) {
        switch (this) {
            case NATIVE:
                return ChrootSession.factory();
            case DEPSET:
                return TracedSession.factory(trace, List.of("lamp-load"), version, System.err);
            case DEPSET_NO_PASSTHROUGH:
                return TracedSession.factory(trace, List.of("lamp-load", "--no-passthrough"), version, System.err,
                        MountOptions.defaults().withoutPassthrough());
            case DEPSET_NO_CACHE:
                return TracedSession.factory(trace, List.of("lamp-load", "--no-cache"), version, System.err,
                        MountOptions.defaults().cache(KernelCache.NONE));
            case DEPSET_FAST:
                return TracedSession.factory(trace, List.of("lamp-load", "--fast"), version, System.err,
                        MountOptions.defaults().cache(KernelCache.NAMES_AND_ATTRIBUTES));
            case DEPSET_CACHE_ATTRIBUTES:
                return TracedSession.factory(trace, List.of("lamp-load", "--cache-attributes"), version, System.err,
                        MountOptions.defaults().cache(KernelCache.ATTRIBUTES));
            case STRACE:
                return ChrootSession.tracedBy(List.of("/usr/bin/strace", "-f", "-qq", "-e", "trace=file",
                        "-o", trace.toString()));
            case STRACE_SECCOMP:
                return ChrootSession.tracedBy(List.of("/usr/bin/strace", "-f", "-qq", "--seccomp-bpf", "-e",
                        "trace=file", "-o", trace.toString()));
            case REPROZIP:
                return ChrootSession.tracedBy(tmp -> ReproZipProgram.argv(tmp, "reprozip", List.of("trace",
                        "--dont-identify-packages", "--dont-find-inputs-outputs", "--overwrite", "-d", trace.toString())));
            default:
                throw new IllegalStateException(name());
        }
    }
}
