#!/bin/bash
# old and new query shapes of uptimeAll over 24 h on one database: CPU time (user+sys) is what load does not inflate
DB=$1
NOW=$(( $(date +%s) * 1000 )); FROM=$(( NOW - 86400000 ))
MIN_FROM=$(( FROM / 60000 * 60000 ))
H1=$(( (MIN_FROM + 3599999) / 3600000 * 3600000 )); H2=$(( NOW / 3600000 * 3600000 ))
T="SUM(checks), SUM(failures), SUM(latency_sum_us), SUM(latency_count), MIN(latency_min_us), MAX(latency_max_us)"
TR="SUM(r.checks), SUM(r.failures), SUM(r.latency_sum_us), SUM(r.latency_count), MIN(r.latency_min_us), MAX(r.latency_max_us)"
M="WITH RECURSIVE m(name) AS (SELECT MIN(monitor) FROM rollup_day UNION ALL SELECT (SELECT MIN(monitor) FROM rollup_day WHERE monitor > m.name) FROM m WHERE m.name IS NOT NULL)"
sqlite3 $DB <<SQL
.timer on
SELECT 'rows', (SELECT count(*) FROM rollup_minute), (SELECT count(*) FROM rollup_hour), (SELECT count(*) FROM transitions);
SELECT 'old changes', count(*) FROM (SELECT t.monitor, t.at_ms, t.status, t.detail, t.id FROM monitor_state s JOIN transitions t ON t.monitor = s.monitor AND t.at_ms = (SELECT MAX(p.at_ms) FROM transitions p WHERE p.monitor = s.monitor AND p.at_ms <= $FROM) UNION ALL SELECT monitor, at_ms, status, detail, id FROM transitions WHERE at_ms > $FROM AND at_ms < $NOW ORDER BY 1, 2, 5);
SELECT 'new changes', count(*) FROM (SELECT t.monitor, t.at_ms, t.status, t.detail, t.id FROM monitor_state s JOIN transitions t ON t.id = (SELECT p.id FROM transitions p WHERE p.monitor = s.monitor AND p.at_ms <= $FROM ORDER BY p.at_ms DESC, p.id DESC LIMIT 1) UNION ALL SELECT monitor, at_ms, status, detail, id FROM transitions WHERE at_ms > $FROM AND at_ms < $NOW ORDER BY 1, 2, 5);
SELECT 'old totals', count(*) FROM (SELECT monitor, $T FROM rollup_minute WHERE bucket_ms >= $MIN_FROM AND bucket_ms < $NOW GROUP BY monitor);
SELECT 'new totals head', count(*) FROM ($M SELECT r.monitor, $TR FROM m JOIN rollup_minute r ON r.monitor = m.name AND r.bucket_ms >= $MIN_FROM AND r.bucket_ms < $H1 GROUP BY r.monitor);
SELECT 'new totals hours', count(*) FROM ($M SELECT r.monitor, $TR FROM m JOIN rollup_hour r ON r.monitor = m.name AND r.bucket_ms >= $H1 AND r.bucket_ms < $H2 GROUP BY r.monitor);
SELECT 'new totals tail', count(*) FROM ($M SELECT r.monitor, $TR FROM m JOIN rollup_minute r ON r.monitor = m.name AND r.bucket_ms >= $H2 AND r.bucket_ms < $NOW GROUP BY r.monitor);
SQL
