#!/usr/bin/env bash
# Overhead of tracing: wall time of fixed workloads run natively, through `depset run --root /`,
# under `strace -f -e trace=file`, and under `strace -f --seccomp-bpf -e trace=file`, with the
# ratios to native. Each figure is the best of REPEAT runs (default 3), caches warmed first.
# Needs root, a built depset (mvn -q package -DskipTests), strace and python3.
#
#   bench/overhead.sh [REPEAT]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
depset="$here/bin/depset"
repeat=${1:-3}
work=$(mktemp -d /tmp/depset-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

python=/usr/bin/python3
# The write-heavy workload unpacks this tree (Python's standard library: many small files).
tar -cf "$work/tree.tar" -C /usr/lib python3.11 2>/dev/null
tar_mb=$(( $(stat -c %s "$work/tree.tar") / 1048576 ))
files=$(tar -tf "$work/tree.tar" | wc -l)

names=("true (depset's fixed cost: JVMs, mounts, namespaces)"
       "python3 -c 'import json,email,http.server'"
       "find /usr ($(find /usr -xdev | wc -l) entries)"
       "cat of $(find /usr/share/doc -type f | wc -l) files (/usr/share/doc)"
       "untar $files entries, ${tar_mb} MB")
cmds=("true"
      "$python -c 'import json,email,http.server'"
      "find /usr -xdev > /dev/null"
      "find /usr/share/doc -type f -exec cat {} + > /dev/null"
      "rm -rf $work/out && mkdir $work/out && tar -xf $work/tree.tar -C $work/out")

now() { date +%s.%N; }
best() { sort -g | head -1; }

# Runs "$@" REPEAT times; prints the best (least) wall time in seconds: on a shared machine the
# least is the figure least disturbed by the others.
timed() {
  for _ in $(seq "$repeat"); do
    local t0 t1
    t0=$(now)
    "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f\n", b - a}'
  done | best
}

# "net ×" takes depset's fixed cost (the first row) off before dividing: the cost per request.
printf '| workload | native s | depset run s | × | net × | strace s | × | strace --seccomp-bpf s | × | trace lines |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
fixed=
for i in "${!cmds[@]}"; do
  c=${cmds[$i]}
  sh -c "$c" > /dev/null 2>&1 || true   # warm the page cache
  n=$(timed sh -c "$c")
  d=$(timed "$depset" run --root / --trace "$work/t.jsonl" -- sh -c "$c")
  s=$(timed strace -f -qq -o /dev/null -e trace=file sh -c "$c")
  b=$(timed strace -f -qq -o /dev/null --seccomp-bpf -e trace=file sh -c "$c")
  events=$(wc -l < "$work/t.jsonl")
  [ -n "$fixed" ] || fixed=$d
  awk -v w="${names[$i]}" -v e="$events" -v n="$n" -v d="$d" -v f="$fixed" -v s="$s" -v b="$b" -v first="$i" \
    'BEGIN {net = first == 0 ? "" : sprintf("%.1f", (d - f > 0 ? d - f : 0) / n);
            printf "| %s | %.3f | %.2f | %.0f | %s | %.2f | %.1f | %.2f | %.1f | %d |\n", w, n, d, d / n, net, s, s / n, b, b / n, e}'
done
