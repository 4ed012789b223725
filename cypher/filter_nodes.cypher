// Ids passing every given filter (null = no filter), like ScenarioGraph.filter_nodes.
MATCH (n:Entity)
WHERE ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels))
  AND ($levels IS NULL OR n.level IN $levels)
  AND ($stages IS NULL
       OR (n:Stage AND n.id IN $stages)
       OR EXISTS { MATCH (n:Process|Factory)-[:PART_OF|OPERATES]->(s:Stage) WHERE s.id IN $stages }
       OR EXISTS { MATCH (n:Scenario)-[:AT]->(s:Stage) WHERE s.id IN $stages }
       OR EXISTS { MATCH (n:Scenario)-[:AT]->(:Process)-[:PART_OF]->(s:Stage) WHERE s.id IN $stages })
  AND ($domains IS NULL
       OR (n:Domain AND n.id IN $domains)
       OR EXISTS { MATCH (n:Scenario|ReferenceScenario)-[:IN_DOMAIN]->(d:Domain) WHERE d.id IN $domains })
RETURN n.id AS id
ORDER BY id
