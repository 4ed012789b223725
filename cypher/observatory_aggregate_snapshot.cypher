// One cumulative snapshot: every delta dated before $before, as the snapshot at $previous (null: none) plus the
// deltas of the days [$from, $before). Zero cells are left out.
CALL () {
  MATCH (p:ObsSnapshot) WHERE p.before = $previous
  RETURN p.dim AS dim, p.key AS key, p.level AS level, p.n AS n
  UNION ALL
  MATCH (d:ObsDelta) WHERE d.day >= $from AND d.day < $before
  RETURN d.dim AS dim, d.key AS key, d.level AS level, d.n AS n
}
WITH dim, key, level, sum(n) AS n
WHERE n <> 0
CREATE (:ObsSnapshot {before: $before, dim: dim, key: key, level: level, n: n})
RETURN count(*) AS rows
