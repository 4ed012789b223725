// Observatory: enterprises per (dimension, key, level) as of a time, from the aggregates (observatory/deltas.py):
// the cumulative snapshot $before (null: none) + the deltas of the days [$from, $day) + within the day itself the
// save summaries that began (+1) or ended (-1) between $start (its midnight) and $as_of. Latest of all: $before
// is the "now" snapshot and the rest is null. $scenarios: also the per-scenario cells (the lagging view). Only
// counts per cell come back, never one enterprise.
CALL () {
  MATCH (s:ObsSnapshot) WHERE s.before = $before AND ($scenarios OR s.dim <> 'scenario')
  RETURN s.dim AS dim, s.key AS key, s.level AS level, s.n AS n
  UNION ALL
  MATCH (d:ObsDelta) WHERE d.day >= $from AND d.day < $day AND ($scenarios OR d.dim <> 'scenario')
  RETURN d.dim AS dim, d.key AS key, d.level AS level, d.n AS n
  UNION ALL
  CALL () {
    MATCH (s:SaveSummary) WHERE s.at >= $start AND s.at <= $as_of
    RETURN s
    UNION
    MATCH (s:SaveSummary) WHERE s.until >= $start AND s.until <= $as_of
    RETURN s
  }
  UNWIND [e IN [[s.at, 1], [s.until, -1]] WHERE e[0] >= $start AND e[0] <= $as_of | e[1]] AS sign
  UNWIND [{d: 'overall', k: 'all', l: s.level}, {d: 'region', k: coalesce(s.region, $no_region), l: s.level}]
         + [i IN range(0, size(s.stages) - 1) | {d: 'stage', k: s.stages[i], l: s.stage_levels[i]}]
         + [i IN range(0, size(s.segments) - 1) | {d: 'segment', k: s.segments[i], l: s.segment_levels[i]}]
         + CASE WHEN $scenarios
             THEN [i IN range(0, size(s.scenarios) - 1) | {d: 'scenario', k: s.scenarios[i], l: s.scenario_levels[i]}]
             ELSE [] END AS c
  RETURN c.d AS dim, c.k AS key, c.l AS level, sign AS n
}
WITH dim, key, level, sum(n) AS n
WHERE n <> 0
RETURN dim, key, level, n
