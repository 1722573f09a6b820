# Waits until a TCP connection succeeds: wait-port.py HOST PORT SECONDS. Run by depset in a guest's
# network namespace, on the machine's side (no guest process, nothing traced). Exits 0 as soon as
# HOST:PORT accepts a connection (printing nothing), 1 when nothing did within SECONDS (printing
# the last error).
import socket, sys, time

host, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
deadline = time.monotonic() + seconds
last = 'no attempt'
while True:
    try:
        with socket.create_connection((host, port), timeout=1):
            sys.exit(0)
    except OSError as e:
        last = e.strerror or str(e)
    if time.monotonic() >= deadline:
        print('nothing answers at %s port %d after %gs (%s)' % (host, port, seconds, last))
        sys.exit(1)
    time.sleep(0.1)
