#!/bin/sh
# Builds depset's class-data-sharing archive (AppCDS) for the jar just packaged: one training run
# whose loaded classes the JVM dumps at exit (-XX:ArchiveClassesAtExit); bin/depset maps the
# archive at start-up instead of loading, parsing and verifying those classes again (about a
# tenth of `depset run`'s CPU time; docs/benchmarks.md). The training run is the command the
# archive is for, `depset run --root / -- /bin/true`, when this machine can trace (root,
# /dev/fuse, libfuse2); else `depset help run`, which archives the JDK's and the CLI's classes.
# Never fails the build: without an archive depset starts as before.
#
#   cds-train.sh JAR ARCHIVE
jar=$1
archive=$2
rm -f "$archive"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
work=$(mktemp -d /tmp/depset-cds.XXXXXX) || exit 0
trap 'rm -rf "$work"' EXIT
dump="-XX:ArchiveClassesAtExit=$archive -Xlog:cds=off -Xlog:cds+dynamic=off -Dfile.encoding=UTF-8 -Dsun.jnu.encoding=UTF-8"
if [ "$(id -u)" = 0 ] && [ -c /dev/fuse ]; then
  # as bin/depset starts it: in a private mount namespace of its own
  # shellcheck disable=SC2086
  DEPSET_PARENT_MNT_NS=$(readlink /proc/self/ns/mnt) unshare --mount --propagation private -- \
    "$java" $dump -jar "$jar" run --root / --trace "$work/t.jsonl" -- /bin/true > "$work/out" 2>&1 && exit 0
  rm -f "$archive"
fi
# shellcheck disable=SC2086
"$java" $dump -jar "$jar" help run > "$work/out" 2>&1 || rm -f "$archive"
exit 0
