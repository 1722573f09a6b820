# An HTTP GET with Python's standard library: http-get.py URL TIMEOUT_SECONDS.
# Prints the body; on an HTTP error prints "HTTP CODE REASON" and the body and exits 22 (as curl -f);
# when nothing answers, prints why and exits 7 (as curl). No proxy applies: it runs in a guest's
# or visitor's network namespace, where the machine's proxy means nothing.
import sys, urllib.request, urllib.error

url, timeout = sys.argv[1], float(sys.argv[2])
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
try:
    with opener.open(url, timeout=timeout) as r:
        sys.stdout.write(r.read().decode('utf-8', 'replace'))
except urllib.error.HTTPError as e:
    sys.stdout.write('HTTP %d %s\n' % (e.code, e.reason))
    sys.stdout.write(e.read().decode('utf-8', 'replace'))
    sys.exit(22)
except Exception as e:
    sys.stdout.write('cannot fetch %s: %s\n' % (url, e))
    sys.exit(7)
