// Observatory: enterprises per maturity level, over the latest save summary of each enterprise at or before
// $as_of (at <= $as_of < until: one indexed pass), overall, by region (of that save), by stage and by segment
// (the save's own). Returns one row per (dimension, key, level): never one enterprise.
MATCH (s:SaveSummary)
WHERE s.at <= $as_of AND s.until > $as_of
WITH s.level AS level, s.region AS region, s.stages AS stages, s.stage_levels AS sl, s.segments AS segs,
     s.segment_levels AS gl
UNWIND [{d: 'overall', k: 'all', l: level}, {d: 'region', k: region, l: level}]
       + [i IN range(0, size(stages) - 1) | {d: 'stage', k: stages[i], l: sl[i]}]
       + [i IN range(0, size(segs) - 1) | {d: 'segment', k: segs[i], l: gl[i]}] AS c
RETURN c.d AS dimension, c.k AS key, c.l AS level, count(*) AS enterprises
