#!/usr/bin/env bash
# The analyzer benchmark: a synthetic trace (default 10 million events: 1,000 processes, 200,000
# files, mostly getattr/open/read), then read + graph + every strategy on one core with a 1 GiB
# heap; prints events/s and peak heap. Usage: bench/analyzer.sh [EVENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-10000000}"
trace="${DEPSET_BENCH_TRACE:-${TMPDIR:-/tmp}/depset-bench-$events.jsonl}"
mvn -q -pl analyzer -am test-compile
mvn -q -pl analyzer dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="analyzer/target/test-classes:analyzer/target/classes:fuse-fs/target/classes:$(cat analyzer/target/bench.classpath)"
# Generate once (not timed; ~1.6 GB for 10M events), then measure in a fresh JVM pinned to one core.
[ -f "$trace" ] || java -Xmx2g -cp "$cp" depset.bench.AnalyzerBenchmark generate "$trace" "$events"
exec taskset -c 0 java -XX:ActiveProcessorCount=1 -Xmx1g -Xms1g -cp "$cp" depset.bench.AnalyzerBenchmark run "$trace"
