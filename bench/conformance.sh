#!/usr/bin/env bash
# POSIX conformance of the mount: runs pjdfstest (https://github.com/pjd/pjdfstest, built
# locally; its code is not part of depset) twice, on a directory of the backing file system and
# through a TraceFs mount of that directory (`depset mount --writable`, so TraceFs alone is
# between them, no overlay), and lists every test that fails through the mount but not on the
# backing file system.
#
#   git clone https://github.com/pjd/pjdfstest /tmp/pjdfstest
#   (cd /tmp/pjdfstest && autoreconf -ifs && ./configure && make pjdfstest)   # apt-get install autoconf automake
#   bench/conformance.sh /tmp/pjdfstest [WORKDIR]
# Needs root, a built depset, and `prove` (perl). WORKDIR (default /tmp) must be on the backing
# file system to test (ext4 here). Takes minutes.
set -euo pipefail
suite=$(cd "${1:?usage: bench/conformance.sh PJDFSTEST_DIR [WORKDIR]}" && pwd)
[ -x "$suite/pjdfstest" ] || { echo "$suite/pjdfstest is not built (see the header of $0)" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${2:-/tmp}/depset-conformance.XXXXXX")
mnt="$work/mnt"
mkdir -p "$work/backing/native" "$work/backing/traced" "$mnt"
depset_pid=
cleanup() {
  if grep -q " $mnt " /proc/mounts; then umount -l "$mnt" || true; fi
  if [ -n "$depset_pid" ]; then wait "$depset_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Prints "file test-number" for every failed test of a `prove -v` log.
failures() {
  awk '/^\/.*\.t \.\./ {f = $1; sub(/^.*\/tests\//, "", f)} /^not ok/ {print f, $3}' "$1" | sort -u
}

# pjdfstest picks some tests by the file system's type (`df -T`): through the mount it would see
# "fuse.depset" and skip, e.g., rename/22.t (rename updates ctime), which it runs on ext4. A copy
# of the suite is told the backing file system's type, so both runs run the same tests.
fs=$(df -PT "$work" | awk 'NR == 2 {print toupper($2)}')
cp -a "$suite" "$work/suite"
sed -i "s/^\tfs=\`df -PT .*/\tfs=$fs/" "$work/suite/tests/conf"
grep -q "^	fs=$fs\$" "$work/suite/tests/conf" || { echo "cannot set the file system type in pjdfstest's tests/conf" >&2; exit 2; }

run_suite() { # DIR LOG
  (cd "$1" && prove -rv "$work/suite/tests" > "$2" 2>&1) || true
}

echo "pjdfstest $(git -C "$suite" rev-parse --short HEAD 2>/dev/null || echo '?') on $fs" >&2
t0=$(date +%s)
run_suite "$work/backing/native" "$work/native.log"
t1=$(date +%s)
"$here/bin/depset" mount --writable --trace "$work/trace.jsonl" "$work/backing/traced" "$mnt" 2> "$work/mount.err" &
depset_pid=$!
for _ in $(seq 100); do grep -q " $mnt " /proc/mounts && break; sleep 0.2; done
grep -q " $mnt " /proc/mounts || { echo "depset mount did not come up:" >&2; cat "$work/mount.err" >&2; exit 1; }
run_suite "$mnt" "$work/traced.log"
t2=$(date +%s)
umount "$mnt"
wait "$depset_pid" || true
depset_pid=

failures "$work/native.log" > "$work/native.fail"
failures "$work/traced.log" > "$work/traced.fail"
for s in native traced; do
  printf '%-8s %s\n' "$s:" "$(grep -E '^(Files=|Result:)' "$work/$s.log" | tr '\n' ' ')"
  grep -A50 '^Test Summary Report' "$work/$s.log" | grep -E '^  Failed tests|^/' | head -40 || true
done
echo "seconds: native $((t1 - t0)), through the mount $((t2 - t1)); trace lines: $(wc -l < "$work/trace.jsonl")"
echo "failing through the mount only (file, test):"
comm -13 "$work/native.fail" "$work/traced.fail" | sed 's/^/  /'
echo "failing on the backing file system only:"
comm -23 "$work/native.fail" "$work/traced.fail" | sed 's/^/  /'
if [ -n "${KEEP:-}" ]; then cp "$work"/*.log "$KEEP"/; fi
