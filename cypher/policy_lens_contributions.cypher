// Every KPI -> KPI contribution (a small DAG: at most one row per pair of KPIs).
MATCH (a:KPI)-[:CONTRIBUTES_TO]->(b:KPI)
RETURN a.id AS src, b.id AS dst
