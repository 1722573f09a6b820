#!/usr/bin/env bash
# The LAMP page under a load generator: the LAMP guest's services (Apache with mod_php, MariaDB)
# started by lamp.seq's own boot steps, then ApacheBench (`ab`, apache2-utils) from the visitor's
# network namespace fetches the PHP page that reads MariaDB REQUESTS times (default 2000, 8 at a
# time, in 4 slices), then the halt steps stop the services. Natively (a plain chroot over an
# overlay of the guest), in depset's traced sandbox (as `depset run --sequence`; default, --no-cache, --fast, --cache-attributes), under
# `strace -f -e trace=file`, `strace -f --seccomp-bpf -e trace=file` and `reprozip trace`, side by
# side (the tracers take turns within each repeat). Prints a markdown table of the best run of each
# (REPEAT runs, default 2): requests/s, mean latency, ab's wall time for the fixed request count
# and its ratio to native, failed requests, the whole run, what the tracer recorded; for depset the
# heap after GC after the load's first and last slice, and the no-event-lost check (the footer's
# counts = the events read back from the trace = the requests TraceFs served, counted apart).
# Needs root, /dev/fuse, the LAMP guest (built once, ~1 min, cached under /var/cache/depset/guests),
# ab, strace, reprozip, a built depset (mvn -q package -DskipTests). Exit 1 when a request failed
# or depset lost an event.
#
#   bench/lamp-load.sh [REQUESTS] [REPEAT]
#   TRACERS=native,depset bench/lamp-load.sh 32 1     # only those (keys: native, depset,
#       depset-no-passthrough, depset-no-cache, depset-fast, depset-cache-attributes, strace,
#       strace-seccomp, reprozip)
# DEPSET_CLASSPATH runs it on the modules' classes instead of the jar (as for bin/depset).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
requests=${1:-2000}
repeat=${2:-2}
jar="${DEPSET_CLASSPATH:-$here/cli/target/depset.jar}"
[ -n "${DEPSET_CLASSPATH:-}" ] || [ -f "$jar" ] || { echo "lamp-load: $jar not built; run 'mvn -q package -DskipTests' in $here" >&2; exit 125; }
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
# Where depset's requests come from: the kernel's per-CPU io_uring queues when this is Y, /dev/fuse when N.
echo "fuse enable_uring: $(cat /sys/module/fuse/parameters/enable_uring 2>/dev/null || echo 'absent (a kernel without FUSE over io_uring)')"
echo
status=0
# depset's runs need a private mount namespace, made here as bin/depset makes it, and the Java
# runtime and JVM options `depset run` has (the depset rows are traced by this JVM).
. "$here/bin/jvm-options.sh"
depset_java
depset_java_opts run
# shellcheck disable=SC2086 # DEPSET_JAVA_OPTS is a list of options
DEPSET_PARENT_MNT_NS=$(readlink /proc/self/ns/mnt) unshare --mount --propagation private -- \
  "$DEPSET_JAVA" $DEPSET_JAVA_OPTS -cp "$jar" depset.vm.load.LampLoad \
    --requests "$requests" --concurrency 8 --slices 4 --repeat "$repeat" \
    ${TRACERS:+--tracers "$TRACERS"} || status=$?
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
