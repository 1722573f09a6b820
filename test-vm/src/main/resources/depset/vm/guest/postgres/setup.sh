# Runs chrooted in the PostgreSQL guest at build time, in private mount, pid and network namespaces with a
# fresh /run: starts the cluster Debian's postinst made (pg_ctlcluster, as the init script would), makes a
# UTF-8 database, its owner with a password (for TCP logins) and one row, and stops the cluster.
set -e
version=$(ls /usr/lib/postgresql)
install -d -m 2775 -o postgres -g postgres /run/postgresql
pg_ctlcluster "$version" main start
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q <<'SQL'
CREATE USER web PASSWORD 'depset-web';
CREATE DATABASE depset OWNER web TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8';
\connect depset
SET ROLE web;
CREATE TABLE greeting (id int PRIMARY KEY, message text NOT NULL);
INSERT INTO greeting VALUES (1, '@ROW@');
SQL
pg_ctlcluster "$version" main stop
