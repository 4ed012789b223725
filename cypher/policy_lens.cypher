// Targets (one, or all when $target is null), the KPIs tracking each and the baseline facts of those KPIs.
// KPI contributions and improving scenarios come from policy_lens_contributions / policy_lens_improves;
// scenegraph/lens.py assembles the answer exactly as the memory store does.
MATCH (t:Target)
WHERE $target IS NULL OR t.id = $target
OPTIONAL MATCH (k:KPI)-[:TRACKS]->(t)
OPTIONAL MATCH (k)-[:HAS_FACT]->(f:Fact)
RETURN t.id AS target, k.id AS kpi, collect(DISTINCT f.id) AS facts
