# Runs chrooted in the LAMP guest at build time, in private mount, pid and network namespaces with a
# fresh /run: starts MariaDB with the guest's own init script, makes the page's table and user, stops it.
set -e
/etc/init.d/mariadb start
mariadb <<'SQL'
CREATE DATABASE depset;
CREATE TABLE depset.greeting (id INT PRIMARY KEY, message VARCHAR(80) NOT NULL);
INSERT INTO depset.greeting VALUES (1, '@ROW@');
CREATE USER 'web'@'localhost' IDENTIFIED BY 'depset-web';
GRANT SELECT ON depset.* TO 'web'@'localhost';
SQL
/etc/init.d/mariadb stop
