// Observatory: who moved between two period ends. For each enterprise with a save in ($since, $until], the groups
// of its summaries current at some time in [$since, $until] (the one current at $since and those saved after it):
// regions, stages, segments and applicable scenarios. One row per moving enterprise, without its id or levels.
MATCH (s:SaveSummary)
WHERE s.at > $since AND s.at <= $until
WITH DISTINCT s.enterprise_id AS ent
MATCH (t:SaveSummary {enterprise_id: ent})
WHERE t.at <= $until AND t.until > $since
WITH ent, collect(t.region) AS regions, collect(t.stages) AS stages, collect(t.segments) AS segments,
     collect(t.scenarios) AS scenarios
RETURN regions, stages, segments, scenarios
