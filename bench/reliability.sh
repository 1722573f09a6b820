#!/usr/bin/env bash
# Reliability under load: 16 threads write, read back (SHA-256 checked), rename, list and delete
# files through a real TraceFs mount for SECONDS (default 60), then check that no event was lost
# (footer counts = events in the file; file events = requests TraceFs served, counted apart) and
# that heap use after GC did not grow. Prints one line of figures. Needs root and /dev/fuse.
#
#   bench/reliability.sh [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
cd "$here"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
mvn -q -pl fuse-fs -am test -Dtest=LoadTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Ddepset.load.seconds="$seconds" >"$log" 2>&1 || status=$?
grep -E '^load:|Tests run|FAIL|ERROR' "$log" || true
grep -h 'Tests run' fuse-fs/target/surefire-reports/depset.fs.LoadTest.txt || true
# A failed run is this script's failure too (CI runs it).
exit "$status"
