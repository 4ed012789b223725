// Build the deltas of the days [$from, $to) from the save summaries (observatory/deltas.py): each summary +1 in
// its cells on the day of `at`, -1 on the day of `until` (the next save; $open: none). One row per (day,
// dimension, key, level), created once (the days of one call are not built before). The cells are
// observatory/deltas.py cells(): overall, region, each stage, each segment, each scenario.
CALL () {
  MATCH (s:SaveSummary) WHERE s.at >= $from AND s.at < $to
  RETURN s
  UNION
  MATCH (s:SaveSummary) WHERE s.until >= $from AND s.until < $to
  RETURN s
}
UNWIND [e IN [[s.at, 1], [s.until, -1]] WHERE e[0] >= $from AND e[0] < $to AND e[0] < $open] AS event
WITH s, date(event[0]) AS day, event[1] AS sign
UNWIND [{d: 'overall', k: 'all', l: s.level}, {d: 'region', k: coalesce(s.region, $no_region), l: s.level}]
       + [i IN range(0, size(s.stages) - 1) | {d: 'stage', k: s.stages[i], l: s.stage_levels[i]}]
       + [i IN range(0, size(s.segments) - 1) | {d: 'segment', k: s.segments[i], l: s.segment_levels[i]}]
       + [i IN range(0, size(s.scenarios) - 1) | {d: 'scenario', k: s.scenarios[i], l: s.scenario_levels[i]}]
       AS c
WITH day, c.d AS dim, c.k AS key, c.l AS level, sum(sign) AS n
WHERE n <> 0
CREATE (:ObsDelta {day: day, dim: dim, key: key, level: level, n: n})
RETURN count(*) AS rows
