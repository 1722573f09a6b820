# Runs chrooted in the locale guest at build time: compiles two locales into /usr/lib/locale/locale-archive,
# and makes a user and group of its own (looked up through NSS: /etc/nsswitch.conf, /etc/passwd, /etc/group)
# owning a file with a German name.
set -e
sed -i -e 's/^# *\(de_DE.UTF-8 UTF-8\)/\1/' -e 's/^# *\(tr_TR.UTF-8 UTF-8\)/\1/' /etc/locale.gen
locale-gen
groupadd --gid 4242 depset-grp
useradd --uid 4242 --gid 4242 --no-create-home --home-dir /srv/depset --shell /usr/sbin/nologin \
    --comment 'depset locale guest' depset-usr
mkdir -p /srv/depset
printf 'Grüße aus dem depset-Gast\n' > /srv/depset/Grüße.txt
chown -R depset-usr:depset-grp /srv/depset
