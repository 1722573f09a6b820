#!/usr/bin/env bash
# Big traces in bounded memory: writes a synthetic trace of EVENTS events (default 100 million;
# the shape of a long-running service, see analyzer/src/test/java/depset/graph/SyntheticTrace.java)
# and analyses it with `depset analyze -s all` under a heap limit (default -Xmx2g, the launcher's
# own default), printing the events/s of the analysis and the peak heap (the largest heap
# occupancy the GC log shows before a collection; the live set after one beside it).
# Needs a built depset and the analyzer's test classes: mvn -q package -DskipTests && mvn -q -pl analyzer test-compile
#
#   bench/bigtrace.sh [EVENTS] [HEAP] [DIR]     e.g. bench/bigtrace.sh 100000000 2g /var/tmp
# DEPSET_CLASSPATH runs it on the modules' classes instead of the jar (as for bin/depset).
# DIR needs about 180 bytes per event free (18 GB for 100 million; .gz is accepted by the reader
# but compressing on writing is slower than the disk here). The trace is deleted afterwards.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
events=${1:-100000000}
heap=${2:-2g}
dir=${3:-/tmp}
work=$(mktemp -d "$dir/depset-bigtrace.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp="${DEPSET_CLASSPATH:-$here/cli/target/depset.jar}:$here/analyzer/target/test-classes"
[ -d "$here/analyzer/target/test-classes/depset/graph" ] || { echo "run: mvn -q -pl analyzer test-compile" >&2; exit 2; }

java -Xmx1g -cp "$cp" depset.graph.SyntheticTrace "$events" "$work/trace.jsonl"
size=$(stat -c %s "$work/trace.jsonl")
t0=$(date +%s.%N)
DEPSET_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$work/gc.log" "$here/bin/depset" analyze -s all -o "$work/set.json" "$work/trace.jsonl"
t1=$(date +%s.%N)
# G1's lines: "... Pause Young (Normal) (G1 Evacuation Pause) 1234M->567M(2048M) 12.3ms"
read -r peak live < <(grep -o '[0-9]*M->[0-9]*M' "$work/gc.log" | tr -d M | awk -F'->' \
  '{if ($1 > p) p = $1; if ($2 > l) l = $2} END {print p + 0, l + 0}')
awk -v e="$events" -v s="$size" -v a="$t0" -v b="$t1" -v p="$peak" -v l="$live" -v h="$heap" 'BEGIN {
  printf "| events | trace GB | heap limit | analyse s | events/s | peak heap MB | largest live set MB |\n|---:|---:|---:|---:|---:|---:|---:|\n"
  printf "| %d | %.1f | %s | %.0f | %.0f | %d | %d |\n", e, s / 1e9, h, b - a, e / (b - a), p, l}'
