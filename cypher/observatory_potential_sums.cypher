// Observatory: the saved plans' potential (observatory/potential.py) summed over the latest save summary of each
// enterprise at or before $as_of (at <= $as_of < until), overall, by region (of that save) and by stage (the
// save's own). Returns one row per (dimension, key, measure): the sum, and the largest single value (the
// dominance rule, observatory/potential.py), never which enterprise holds it.
MATCH (s:SaveSummary)
WHERE s.at <= $as_of AND s.until > $as_of AND size(coalesce(s.potential_keys, [])) > 0
UNWIND range(0, size(s.potential_keys) - 1) AS i
WITH s, s.potential_keys[i] AS measure, s.potential_values[i] AS value
UNWIND [{d: 'overall', k: 'all'}, {d: 'region', k: coalesce(s.region, $no_region)}]
       + [x IN s.stages | {d: 'stage', k: x}] AS c
RETURN c.d AS dimension, c.k AS key, measure, sum(value) AS total, max(abs(value)) AS largest
