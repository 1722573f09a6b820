# depset's guest init: the pid 1 of a guest's namespaces, the same for a traced and a plain run.
# Rendered from depset.sandbox.GuestEnvironment, which describes what is mounted; run on the
# machine's side of the guest's root, inside `unshare --mount --pid --fork --uts --ipc`.
#
#   sh -c SCRIPT depset-init HOSTNAME [TYPE SOURCE OPTIONS TARGET]... [-- COMMAND [ARG]...]
#
# Each mount is TYPE SOURCE OPTIONS TARGET (TYPE "rbind" binds SOURCE recursively; OPTIONS "-" is
# none). HOSTNAME "-" keeps the machine's. With a COMMAND, the init becomes it once the mounts are
# made; without, it says "ready" and waits until its stdin closes, reaping orphans meanwhile.
#
# As pid 1 it must reap the orphans reparented to it, or a stopped daemon stays a zombie that looks
# alive to the init script waiting for it. A shell blocked in `read` reaps nothing; a shell in
# `wait` reaps every child that ends (dash waits for any pid). So a background job reads stdin
# (through fd 3: an asynchronous list's stdin is /dev/null) and the shell waits for it. When the
# init ends, the kernel ends every process of its pid namespace and drops its mounts.
set -e
host=$1
shift
while [ $# -ge 4 ] && [ "$1" != -- ]; do
    if [ "$1" = rbind ]; then
        mount --rbind "$2" "$4"
    elif [ "$3" = - ]; then
        mount -t "$1" "$2" "$4"
    else
        mount -t "$1" -o "$3" "$2" "$4"
    fi
    shift 4
done
if [ "$host" != - ]; then
    echo "$host" > /proc/sys/kernel/hostname
fi
if [ "${1-}" = -- ]; then
    shift
    exec "$@"
fi
if [ $# -gt 0 ]; then
    echo "depset-init: a mount needs TYPE SOURCE OPTIONS TARGET: $*" >&2
    exit 2
fi
echo ready
exec 3<&0
{ read -r _ <&3 || true; } &
wait
