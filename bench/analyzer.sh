#!/usr/bin/env bash
# The analyzer benchmark: a synthetic trace (default 10 million events: 1,000 processes, 200,000
# files, mostly getattr/open/read), then read + graph + every strategy on one core with a 1 GiB
# heap; prints events/s and peak heap. Needs what `mvn -q package -DskipTests` (README's set-up)
# builds: the depset jar (or DEPSET_CLASSPATH, as for bin/depset) and the analyzer's test classes.
#
#   bench/analyzer.sh [EVENTS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
events="${1:-10000000}"
trace="${DEPSET_BENCH_TRACE:-${TMPDIR:-/tmp}/depset-bench-$events.jsonl}"
cp="$here/analyzer/target/test-classes:${DEPSET_CLASSPATH:-$here/cli/target/depset.jar}"
[ -n "${DEPSET_CLASSPATH:-}" ] || [ -f "$here/cli/target/depset.jar" ] || {
  echo "analyzer: run 'mvn -q package -DskipTests' in $here first" >&2; exit 125; }
[ -d "$here/analyzer/target/test-classes/depset/bench" ] || {
  echo "analyzer: run 'mvn -q package -DskipTests' in $here first" >&2; exit 125; }
# Generate once (not timed; ~1.6 GB for 10M events), then measure in a fresh JVM pinned to one core.
[ -f "$trace" ] || java -Xmx2g -cp "$cp" depset.bench.AnalyzerBenchmark generate "$trace" "$events"
exec taskset -c 0 java -XX:ActiveProcessorCount=1 -Xmx1g -Xms1g -cp "$cp" depset.bench.AnalyzerBenchmark run "$trace"
