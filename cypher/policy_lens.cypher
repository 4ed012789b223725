// Target -> KPIs that track it -> scenarios that improve them (stages come from scenario_stages).
MATCH (t:Target)
WHERE $target IS NULL OR t.id = $target
OPTIONAL MATCH (k:KPI)-[:TRACKS]->(t)
OPTIONAL MATCH (s:Scenario)-[:IMPROVES]->(k)
RETURN t.id AS target, k.id AS kpi, s.id AS scenario
