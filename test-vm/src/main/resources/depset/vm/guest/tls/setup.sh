# Runs chrooted in the TLS guest at build time: a certificate authority of its own, trusted system-wide
# (update-ca-certificates adds it to /etc/ssl/certs, the hashed links and the bundle, where OpenSSL's
# default verify paths look), and a server certificate for depset.test and 127.0.0.1 signed by it.
set -e
umask 022
dir=/etc/depset/tls
mkdir -p "$dir" /usr/local/share/ca-certificates
cd "$dir"
openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj '/CN=depset test CA' \
    -keyout ca.key -out /usr/local/share/ca-certificates/depset-test-ca.crt 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj '/CN=depset.test' -keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=DNS:depset.test,IP:127.0.0.1\n' > server.ext
openssl x509 -req -in server.csr -CA /usr/local/share/ca-certificates/depset-test-ca.crt -CAkey ca.key \
    -CAcreateserial -days 36500 -extfile server.ext -out server.crt 2>/dev/null
rm -f ca.key server.csr server.ext
chmod 600 server.key
update-ca-certificates
