// The scenarios improving each of the given KPIs.
MATCH (s:Scenario)-[:IMPROVES]->(k:KPI)
WHERE k.id IN $kpis
RETURN k.id AS kpi, collect(DISTINCT s.id) AS scenarios
