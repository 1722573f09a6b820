# What a program in a guest sees of its environment, printed the same way wherever it runs (run by
# GuestEnvironmentTest in a traced and in a plain session; the two outputs must be the same).
# The root's own mount is left out: TraceFs when traced, an overlay when not, by design.
echo "== mounts (point, type, per-mount options, super options)"
awk '$5 != "/" { for (i = 7; $i != "-"; i++) ; print $5, $(i + 1), $6, $(i + 3) }' /proc/self/mountinfo | sort
echo "== namespaces shared with the guest's pid 1"
for n in mnt pid uts ipc net cgroup user; do
    if [ "$(readlink /proc/self/ns/$n)" = "$(readlink /proc/1/ns/$n)" ]; then echo "$n: same"; else echo "$n: other"; fi
done
echo "== pid 1"
tr '\0' '\n' < /proc/1/cmdline | grep -x depset-init
echo "== host name"
cat /proc/sys/kernel/hostname
echo "== limits"
cat /proc/self/limits
echo "== environment"
env | sort
echo "== identity"
id
umask
pwd
grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' /proc/self/status
echo "== network"
tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort
ls /sys/class/net
echo "== /run"
ls -A /run
