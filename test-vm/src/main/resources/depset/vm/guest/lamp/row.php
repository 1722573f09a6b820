<?php
// The LAMP guest's page: one row read from MariaDB through PHP's mysqli, as the seed's visitor saw.
mysqli_report(MYSQLI_REPORT_OFF);
$db = new mysqli('localhost', 'web', 'depset-web', 'depset');
if ($db->connect_errno) {
    http_response_code(500);
    echo "cannot connect to MariaDB: ", $db->connect_error, "\n";
    exit;
}
$result = $db->query('SELECT message FROM greeting WHERE id = 1');
if (!$result) {
    http_response_code(500);
    echo "query failed: ", $db->error, "\n";
    exit;
}
$row = $result->fetch_row();
echo "row: ", $row[0], "\n";
