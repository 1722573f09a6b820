#!/usr/bin/env bash
# Where a traced program's waits for depset go, request by request, as the kernel saw them: each
# request the workload's processes sent to the mount, from the kernel's FUSE and scheduler
# tracepoints (perf), split into
#  - queue:   from the request's send until a depset worker thread ran (0 when one was running);
#  - serve:   from then until the reply reached the kernel (depset's Java, its system calls on the
#             backing tree, and the reply's write);
#  - resume:  from the reply until the caller ran again (its wake-up and its wait for a CPU).
# A request the caller did not wait for (a RELEASE: the kernel sends it in the background) is
# counted apart. The split assumes one request at a time, as a single-threaded program makes them:
# with several outstanding, "queue" may end at a worker that serves another one.
# Per request kind: medians of each part, over all repeats. Per run: the workload's wall time
# (its first exec to its last exit, from depset's trace) and what of it was spent waiting, with
# the medians over the repeats. Also how many requests were served on the caller's CPU.
# Works the same with FUSE over io_uring (its workers are depset-fuse-ring-N). Needs root, perf
# (Debian: linux-perf), a kernel whose fuse module has these tracepoints (6.18 has), python3, and a
# built depset. perf's recording slows the run (docs/benchmarks.md says by how much).
#
#   bench/round-trips.sh [REPEAT] [WORKLOAD]      # default: 5 runs of `date` (the empty workload's window)
#   OPTS=--no-cache bench/round-trips.sh 3 'python3 -c pass'
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repeat=${1:-5}
workload=${2:-date}
opts=${OPTS:-}
work=$(mktemp -d /tmp/depset-round-trips.XXXXXX)
trap 'rm -rf "$work"' EXIT

if ! perf list 'fuse:fuse_request_send' 2>/dev/null | grep -q fuse_request_send; then
  echo "round-trips.sh: perf or the kernel's fuse:fuse_request_send tracepoint is missing (needs linux-perf and a kernel whose fuse module has it)" >&2
  exit 2
fi

echo "fuse enable_uring: $(cat /sys/module/fuse/parameters/enable_uring 2>/dev/null || echo absent)"
echo "workload: $workload ($repeat runs of depset run --root / ${opts:+$opts })"
for i in $(seq "$repeat"); do
  # CLOCK_MONOTONIC, as depset's trace times (System.nanoTime) are.
  # shellcheck disable=SC2086 # OPTS is a list of options
  perf record -q -k mono -a -o "$work/perf.data" \
      -e fuse:fuse_request_send -e fuse:fuse_request_end -e sched:sched_switch \
      -- "$here/bin/depset" run --root / $opts --trace "$work/trace-$i.jsonl" -- sh -c "$workload" > /dev/null 2> "$work/err" \
    || { echo "failed: depset run -- sh -c $workload" >&2; cat "$work/err" >&2; exit 1; }
  perf script -i "$work/perf.data" --ns -F tid,cpu,time,event,trace > "$work/perf-$i.txt" 2> /dev/null
done

python3 - "$work" "$repeat" <<'EOF'
import json, re, statistics, sys
from collections import defaultdict

work, repeat = sys.argv[1], int(sys.argv[2])
LINE = re.compile(r'^\s*(\d+)\s+\[(\d+)\]\s+(\d+)\.(\d+):\s+(\S+):\s*(.*)$')
SEND = re.compile(r'req (\d+) opcode \d+ \((\w+)\)')
END = re.compile(r'req (\d+)')
SWITCH = re.compile(r'prev_pid=(\d+) .*prev_state=(\S+) ==> next_comm=(.*) next_pid=(\d+)')


def workload(trace):
    """The workload's thread ids and its first exec and last exit (ns)."""
    tids, first, last = set(), None, None
    with open(trace) as f:
        for line in f:
            e = json.loads(line)
            if e['k'] in ('exec', 'fork', 'exit'):
                tids.update(e.get(k) for k in ('pid', 'tid') if e.get(k))
                if e['k'] == 'exec' and first is None:
                    first = e['time']
                if e['k'] == 'exit':
                    last = e['time']
            elif e['k'] == 'file' and e.get('tid'):
                tids.add(e['tid'])
    return tids, first, last


def requests(perf, tids):
    """Each request a workload thread sent: its kind, whether the caller waited, and the parts (ns)."""
    events = []
    with open(perf) as f:
        for line in f:
            m = LINE.match(line)
            if m:
                events.append((int(m.group(3)) * 10**9 + int(m.group(4).ljust(9, '0')[:9]),
                               int(m.group(1)), int(m.group(2)), m.group(5), m.group(6)))
    events.sort(key=lambda e: e[0])
    open_reqs, done = {}, []
    unresumed = defaultdict(list)  # caller -> its answered requests whose caller has not run since
    for t, tid, cpu, name, text in events:
        if name == 'fuse:fuse_request_send' and tid in tids:
            for r in open_reqs.values():
                if r['caller'] == tid:
                    r['ran'] = True  # the caller went on to send another: it was not waiting
            m = SEND.search(text)
            open_reqs[m.group(1)] = {'kind': m.group(2).removeprefix('FUSE_'), 'caller': tid,
                                     'send': t, 'cpu': cpu, 'slept': False, 'ran': False}
        elif name == 'fuse:fuse_request_end':
            r = open_reqs.pop(END.search(text).group(1), None)
            if r is not None:
                r['end'], r['end_cpu'] = t, cpu
                done.append(r)
                unresumed[r['caller']].append(r)
        elif name == 'sched:sched_switch':
            m = SWITCH.search(text)
            prev, state, next_comm, nxt = int(m.group(1)), m.group(2), m.group(3), int(m.group(4))
            for r in open_reqs.values():
                if prev == r['caller'] and state[0] in 'SD':  # asleep, not exiting nor preempted
                    r['slept'] = True
                if nxt == r['caller'] and r['slept']:
                    r['ran'] = True  # woken before the reply: by something else
                if next_comm.startswith('depset-fuse') and 'worker' not in r:
                    r['worker'] = t
            for r in unresumed.pop(nxt, ()):
                r['resume'] = t
    for r in done:
        # Waited for: the caller slept after sending it and did not run again until the reply.
        r['waited'] = r['slept'] and not r['ran']
        start = r.get('worker', r['send'])
        r['queue'] = start - r['send']
        r['serve'] = r['end'] - start
        r['back'] = r['resume'] - r['end'] if r['waited'] and 'resume' in r else 0
    return done


def us(ns):
    return '%.0f' % (ns / 1000)


def ms(ns):
    return '%.2f' % (ns / 1e6)


runs, kinds = [], defaultdict(list)
for i in range(1, repeat + 1):
    tids, first, last = workload('%s/trace-%d.jsonl' % (work, i))
    done = [r for r in requests('%s/perf-%d.txt' % (work, i), tids) if first <= r['send'] <= last]
    waited = [r for r in done if r['waited']]
    runs.append({'wall': last - first, 'requests': len(done), 'waited': len(waited),
                 'wait': sum(r['end'] - r['send'] + r['back'] for r in waited),
                 'queue': sum(r['queue'] for r in waited), 'serve': sum(r['serve'] for r in waited),
                 'back': sum(r['back'] for r in waited),
                 'same': sum(1 for r in done if r['end_cpu'] == r['cpu'])})
    for r in done:
        kinds[r['kind']].append(r)


def med(key):
    return statistics.median(r[key] for r in runs)


print()
print('| per run (median of %d) | |' % repeat)
print('|---|---:|')
print('| workload wall time, first exec to last exit | %s ms |' % ms(med('wall')))
print('| requests sent | %d |' % med('requests'))
print('| requests waited for | %d |' % med('waited'))
print('| time waiting for replies | %s ms |' % ms(med('wait')))
print('| of which queue (until a worker ran) | %s ms |' % ms(med('queue')))
print('| of which serve (worker to reply) | %s ms |' % ms(med('serve')))
print('| of which resume (reply to caller running) | %s ms |' % ms(med('back')))
print('| replied on the caller\'s CPU | %d of %d |' % (med('same'), med('requests')))
print()
print('| request | count | waited for | queue µs | serve µs | resume µs | send to reply µs |')
print('|---|---:|---:|---:|---:|---:|---:|')
for kind, rs in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
    w = [r for r in rs if r['waited']] or rs
    print('| %s | %d | %d | %s | %s | %s | %s |' % (
        kind, len(rs), sum(1 for r in rs if r['waited']),
        us(statistics.median(r['queue'] for r in w)), us(statistics.median(r['serve'] for r in w)),
        us(statistics.median(r['back'] for r in w)), us(statistics.median(r['end'] - r['send'] for r in w))))
print('(medians over the requests of all %d runs; "waited for" ones only where there are any)' % repeat)
EOF
