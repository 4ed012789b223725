// One save's deltas (observatory/deltas.py save_deltas) and the cumulative snapshots they change, added to the
// rows there are (created at zero when missing). Run with the marker locked, so two saves never interleave.
CALL () {
  UNWIND $deltas AS r
  MERGE (d:ObsDelta {day: r.day, dim: r.dim, key: r.key, level: r.level})
  ON CREATE SET d.n = 0
  SET d.n = d.n + r.n
}
CALL () {
  UNWIND $snapshots AS r
  MERGE (s:ObsSnapshot {before: r.before, dim: r.dim, key: r.key, level: r.level})
  ON CREATE SET s.n = 0
  SET s.n = s.n + r.n
}
RETURN size($deltas) AS deltas
