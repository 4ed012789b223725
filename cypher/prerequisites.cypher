// The transitive prerequisites of a scenario and the DEPENDS_ON relationships among them (ordered in Python).
// Nodes are found by id through the :Entity id constraint (cypher/schema.cypher), then checked for their label.
MATCH (s:Entity {id: $id}) WHERE s:Scenario
OPTIONAL MATCH (s)(()-[r:DEPENDS_ON WHERE NOT $hard_only OR coalesce(r.strength, 'hard') <> 'soft']->())+(p:Scenario)
WITH s, collect(DISTINCT p.id) AS found
WITH CASE WHEN s.id IN found THEN found ELSE found + [s.id] END AS ids
UNWIND ids AS id
MATCH (a:Entity {id: id})-[r:DEPENDS_ON]->(b:Scenario)
WHERE a:Scenario AND b.id IN ids AND (NOT $hard_only OR coalesce(r.strength, 'hard') <> 'soft')
RETURN a.id AS dependent, b.id AS prerequisite
