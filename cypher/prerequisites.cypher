// The transitive prerequisites of a scenario and the DEPENDS_ON relationships among them (ordered in Python).
MATCH (s:Scenario {id: $id})
OPTIONAL MATCH (s)(()-[r:DEPENDS_ON WHERE NOT $hard_only OR coalesce(r.strength, 'hard') <> 'soft']->())+(p:Scenario)
WITH s, collect(DISTINCT p.id) + [s.id] AS ids
MATCH (a:Scenario)-[r:DEPENDS_ON]->(b:Scenario)
WHERE a.id IN ids AND b.id IN ids AND (NOT $hard_only OR coalesce(r.strength, 'hard') <> 'soft')
RETURN a.id AS dependent, b.id AS prerequisite
