// The scenarios improving (the levers) and, apart, measuring each of the given KPIs.
MATCH (s:Scenario)-[r:IMPROVES|MEASURES]->(k:KPI:Entity)
WHERE k.id IN $kpis
RETURN k.id AS kpi, type(r) AS type, collect(DISTINCT s.id) AS scenarios
