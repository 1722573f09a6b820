#!/bin/sh
# Builds depset's start-up caches for the jar just packaged, each from one training run of the
# command they are for, `depset run --root / -- …` (a shell listing /etc: lookups, opens, reads,
# directory reads and readlinks through TraceFs) when this machine can trace (root, /dev/fuse,
# libfuse2), else `depset help run`, which covers the JDK's and the CLI's classes:
#  - ARCHIVE.jsa, a class-data-sharing archive (AppCDS, -XX:ArchiveClassesAtExit) for the JDK that
#    builds (JAVA_HOME's or java on PATH): the one the tests' runs of bin/depset use;
#  - ARCHIVE.aot, an ahead-of-time cache (-XX:AOTCacheOutput; its classes also linked) for the JDK
#    bin/depset picks by itself (bin/jvm-options.sh), when that is JDK 25 or later.
# bin/depset maps the one for its JDK at start-up instead of loading, parsing and verifying those
# classes again (docs/benchmarks.md). Never fails the build: without a cache depset starts as before.
#
#   cds-train.sh JAR ARCHIVE      (ARCHIVE without its extension)
jar=$1
archive=$2
here=$(cd "$(dirname "$0")/../../.." && pwd)
rm -f "$archive.jsa" "$archive.aot"
work=$(mktemp -d /tmp/depset-cds.XXXXXX) || exit 0
trap 'rm -rf "$work"' EXIT

# train JAVA OUTPUT OPTION...: one training run on JAVA with the options that write OUTPUT.
train() {
  java=$1
  out=$2
  shift 2
  if [ "$(id -u)" = 0 ] && [ -c /dev/fuse ]; then
    # as bin/depset starts it: in a private mount namespace of its own
    DEPSET_PARENT_MNT_NS=$(readlink /proc/self/ns/mnt) unshare --mount --propagation private -- \
      "$java" "$@" -jar "$jar" run --root / --trace "$work/t.jsonl" -- /bin/sh -c 'ls -lR /etc > /dev/null 2>&1; exit 0' \
      > "$work/out" 2>&1 && [ -f "$out" ] && return 0
    rm -f "$out"
  fi
  "$java" "$@" -jar "$jar" help run > "$work/out" 2>&1 || rm -f "$out"
}

. "$here/bin/jvm-options.sh"
utf8="-Dfile.encoding=UTF-8 -Dsun.jnu.encoding=UTF-8"
# shellcheck disable=SC2086 # lists of options
train "${JAVA_HOME:+$JAVA_HOME/bin/}java" "$archive.jsa" \
  -XX:ArchiveClassesAtExit="$archive.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off $utf8
unset JAVA_HOME
depset_java
if [ "$DEPSET_JAVA_FEATURE" -ge 25 ]; then
  DEPSET_JAVA_OPTS=
  depset_java_opts run
  # shellcheck disable=SC2086
  train "$DEPSET_JAVA" "$archive.aot" \
    -XX:AOTCacheOutput="$archive.aot" -Xlog:aot=off -Xlog:cds=off $DEPSET_JAVA_OPTS
fi
exit 0
