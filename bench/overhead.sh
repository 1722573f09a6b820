#!/usr/bin/env bash
# Overhead of tracing: fixed workloads run natively, through `depset run --root /` (the default,
# attributes and directories' names cached, open files read and written by the kernel; and with
# --no-passthrough, --no-cache, --fast and --cache-attributes), under `strace -f -e trace=file`, `strace -f --seccomp-bpf -e
# trace=file` and `reprozip trace`, side by side in one run, with the ratios to native.
#
# Two figures per tracer:
#  - the workload's own wall time, measured inside the traced run by the shell that runs it
#    (`date +%s%N` before and after): what the tracer costs the traced program. The ratios (×)
#    are of these.
#  - depset's whole command (the JVM's start-up in its private mount namespace, the warm-up, the
#    mount, the process monitor, the trace's footer), shown apart in
#    the "depset total s" column and, for an empty workload, in the first row.
# Then, per workload and depset mode, the requests TraceFs served by kind (`depset run --stats`, of
# the last repeat).
# Each figure is the best (least) of REPEAT runs (default 3; the tracers take turns within each
# repeat), caches warmed first: on a shared machine the least is the figure least disturbed by
# the others. A second table gives the medians of the same runs for depset's default and the two
# strace modes: a tracer whose time is bimodal (strace -f: fast when it shares a CPU with its
# tracee, slow when not) has a best run that says little about a typical one.
# Needs root, a built depset (mvn -q package -DskipTests), strace, reprozip and python3.
#
#   bench/overhead.sh [REPEAT]
#   DEPSET_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/d.jfr bench/overhead.sh 1   # profile
#   ONLY=python bench/overhead.sh 5     # only the workloads whose name contains "python"
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
depset="$here/bin/depset"
repeat=${1:-3}
only=${ONLY:-}
work=$(mktemp -d /tmp/depset-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

python=/usr/bin/python3
# The write-heavy workload unpacks this tree (Python's standard library: many small files).
tar -cf "$work/tree.tar" -C /usr/lib python3.11 2>/dev/null
tar_mb=$(( $(stat -c %s "$work/tree.tar") / 1048576 ))
files=$(tar -tf "$work/tree.tar" | wc -l)

names=("empty workload: true"
       "shell loop of 200 date starts"
       "python3 -c 'import json,email,http.server'"
       "find /usr ($(find /usr -xdev | wc -l) entries)"
       "cat of $(find /usr/share/doc -type f | wc -l) files (/usr/share/doc)"
       "untar $files entries, ${tar_mb} MB")
cmds=("true"
      "i=0; while [ \$i -lt 200 ]; do date > /dev/null; i=\$((i + 1)); done"
      "$python -c 'import json,email,http.server'"
      "find /usr -xdev > /dev/null"
      "find /usr/share/doc -type f -exec cat {} + > /dev/null"
      "rm -rf $work/out && mkdir $work/out && tar -xf $work/tree.tar -C $work/out")

now() { date +%s.%N; }
best() { sort -g | head -1; }
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# The workload wrapped so that it prints its own wall time (ns) on stderr, as "ELAPSED n".
wrapped() {
  printf 't0=$(date +%%s%%N); %s; t1=$(date +%%s%%N); echo "ELAPSED $((t1 - t0))" >&2' "$1"
}

# Runs "$@" once; appends "workload-seconds whole-seconds" to the file named by $1.
once() {
  local out=$1 t0 t1 inner
  shift
  t0=$(now)
  "$@" > /dev/null 2> "$work/err" || { echo "failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  t1=$(now)
  inner=$(sed -n 's/^ELAPSED //p' "$work/err" | tail -1)
  awk -v a="$t0" -v b="$t1" -v i="$inner" 'BEGIN {printf "%.4f %.4f\n", i / 1e9, b - a}' >> "$out"
}

# The bests of a file of "workload-seconds whole-seconds" lines.
bests() {
  printf '%s %s\n' "$(cut -d' ' -f1 "$1" | best)" "$(cut -d' ' -f2 "$1" | best)"
}

# The median workload-seconds of such a file.
workload_median() {
  cut -d' ' -f1 "$1" | median
}

# The flags this build of depset has (the script also measures older builds): one JVM start for all.
run_help=$("$depset" help run 2>/dev/null || true)
has() { grep -q -- "$1" <<< "$run_help"; }
fast=false; has --fast && fast=true
nocache=false; has --no-cache && nocache=true
nopass=false; has --no-passthrough && nopass=true
attrs=false; has --cache-attributes && attrs=true
stats=()
if has --stats; then
  stats=(--stats)
fi
# The last repeat's request counts of each depset mode ("depset: N requests: getattr n, …").
counts() {
  sed -n 's/^depset: \([0-9]* requests: .*\)/\1/p' "$work/err" | tail -1
}
declare -a countrows=()
declare -a medianrows=()

# Where depset's requests come from: the kernel's per-CPU io_uring queues when this is Y, /dev/fuse when N.
echo "fuse enable_uring: $(cat /sys/module/fuse/parameters/enable_uring 2>/dev/null || echo 'absent (a kernel without FUSE over io_uring)')"
echo
printf '| workload | native s | depset s | × | depset --no-passthrough s | × | depset --no-cache s | × | depset --fast s | × | depset --cache-attributes s | × | strace -f s | × | strace --seccomp-bpf s | × | reprozip s | × | depset total s | trace lines |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for i in "${!cmds[@]}"; do
  if [ -n "$only" ] && [[ "${names[$i]}" != *"$only"* ]]; then
    continue
  fi
  c=$(wrapped "${cmds[$i]}")
  sh -c "$c" > /dev/null 2>&1 || true   # warm the page cache
  rm -f "$work"/*.times
  # Round-robin: each repeat runs every tracer once, so that all see the same moments of a
  # shared machine's load.
  for _ in $(seq "$repeat"); do
    once "$work/n.times" sh -c "$c"
    once "$work/d.times" "$depset" run "${stats[@]}" --root / --trace "$work/t.jsonl" -- sh -c "$c"
    dcount=$(counts)
    if $nopass; then
      once "$work/p.times" "$depset" run "${stats[@]}" --no-passthrough --root / --trace "$work/p.jsonl" -- sh -c "$c"
      pcount=$(counts)
    fi
    if $nocache; then
      once "$work/x.times" "$depset" run "${stats[@]}" --no-cache --root / --trace "$work/x.jsonl" -- sh -c "$c"
      xcount=$(counts)
    fi
    if $fast; then
      once "$work/f.times" "$depset" run "${stats[@]}" --fast --root / --trace "$work/f.jsonl" -- sh -c "$c"
      fcount=$(counts)
    fi
    if $attrs; then
      once "$work/c.times" "$depset" run "${stats[@]}" --cache-attributes --root / --trace "$work/c.jsonl" -- sh -c "$c"
      ccount=$(counts)
    fi
    once "$work/s.times" strace -f -qq -o /dev/null -e trace=file sh -c "$c"
    once "$work/b.times" strace -f -qq -o /dev/null --seccomp-bpf -e trace=file sh -c "$c"
    once "$work/r.times" reprozip trace -d "$work/rpz" --overwrite --dont-identify-packages --dont-find-inputs-outputs sh -c "$c"
  done
  read -r n _ < <(bests "$work/n.times")
  read -r d dt < <(bests "$work/d.times")
  countrows+=("| ${names[$i]} | default | ${dcount:-} |")
  if $nopass; then
    countrows+=("| ${names[$i]} | --no-passthrough | ${pcount:-} |")
  fi
  if $nocache; then
    countrows+=("| ${names[$i]} | --no-cache | ${xcount:-} |")
  fi
  if $fast; then
    countrows+=("| ${names[$i]} | --fast | ${fcount:-} |")
  fi
  if $attrs; then
    countrows+=("| ${names[$i]} | --cache-attributes | ${ccount:-} |")
  fi
  p=nan
  if $nopass; then
    read -r p _ < <(bests "$work/p.times")
  fi
  x=nan
  if $nocache; then
    read -r x _ < <(bests "$work/x.times")
  fi
  f=nan
  if $fast; then
    read -r f _ < <(bests "$work/f.times")
  fi
  cd_=nan
  if $attrs; then
    read -r cd_ _ < <(bests "$work/c.times")
  fi
  read -r s _ < <(bests "$work/s.times")
  read -r b _ < <(bests "$work/b.times")
  read -r r _ < <(bests "$work/r.times")
  events=$(wc -l < "$work/t.jsonl")
  medianrows+=("$(awk -v w="${names[$i]}" -v n="$(workload_median "$work/n.times")" \
    -v d="$(workload_median "$work/d.times")" -v s="$(workload_median "$work/s.times")" \
    -v b="$(workload_median "$work/b.times")" \
    'function r(v, w) { return w > 0 ? sprintf("%.2f", v / w) : "–" }
     BEGIN {printf "| %s | %.3f | %.3f | %.3f | %.3f | %s | %s |", w, n, d, s, b, r(d, s), r(d, b)}')")
  awk -v w="${names[$i]}" -v e="$events" -v n="$n" -v d="$d" -v p="$p" -v f="$f" -v c="$cd_" -v xx="$x" -v s="$s" -v b="$b" -v r="$r" -v dt="$dt" \
    'function x(v) { return n > 0 && v == v + 0 ? sprintf("%.2f", v / n) : "–" }
     BEGIN {printf "| %s | %.3f | %.3f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.3f | %s | %.3f | %s | %.3f | %s | %.2f | %d |\n",
       w, n, d, x(d), (p == "nan" ? "–" : sprintf("%.3f", p)), (p == "nan" ? "–" : x(p)), (xx == "nan" ? "–" : sprintf("%.3f", xx)), (xx == "nan" ? "–" : x(xx)), (f == "nan" ? "–" : sprintf("%.3f", f)), (f == "nan" ? "–" : x(f)), (c == "nan" ? "–" : sprintf("%.3f", c)), (c == "nan" ? "–" : x(c)), s, x(s), b, x(b), r, x(r), dt, e}'
done
printf '\nMedians of the same runs (the workload'"'"'s own time):\n\n'
printf '| workload | native s | depset s | strace -f s | strace --seccomp-bpf s | depset / strace -f | depset / --seccomp-bpf |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
printf '%s\n' "${medianrows[@]}"
if [ ${#stats[@]} -gt 0 ]; then
  printf '\n| workload | depset mode | requests served, by kind |\n|---|---|---|\n'
  printf '%s\n' "${countrows[@]}"
fi
