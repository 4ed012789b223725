// Observatory: per scenario, the enterprises (latest save summary at or before $as_of) to which it applies, by
// the level answered (unanswered = 0). One row per (scenario, level): never one enterprise.
MATCH (s:SaveSummary)
WHERE s.at <= $as_of AND s.until > $as_of
WITH s.scenarios AS scs, s.scenario_levels AS levels
UNWIND range(0, size(scs) - 1) AS i
RETURN scs[i] AS key, levels[i] AS level, count(*) AS enterprises
