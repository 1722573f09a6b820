# A pseudo-terminal of the machine, held open outside the guest (depset.vm.run.PseudoTerminal):
# prints the slave's name, then relays stdin -> master and master -> stdout until stdin closes.
# A hung-up slave (login's vhangup) is waited out. The terminal is 24x80, as a console is.
import errno, fcntl, os, select, struct, sys, termios, time

m, s = os.openpty()
fcntl.ioctl(m, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
sys.stdout.write(os.ttyname(s) + '\n')
sys.stdout.flush()
while True:
    r, _, _ = select.select([0, m], [], [], 0.5)
    if 0 in r:
        d = os.read(0, 4096)
        if not d:
            break
        os.write(m, d)
    if m in r:
        try:
            d = os.read(m, 65536)
        except OSError as e:
            if e.errno != errno.EIO:
                raise
            time.sleep(0.05)
            continue
        os.write(1, d)
        sys.stdout.flush()
