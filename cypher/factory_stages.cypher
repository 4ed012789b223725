// Every factory with the stages it operates and the scenarios it implements (for the map's factory share).
MATCH (f:Factory)
RETURN f.id AS factory,
       COLLECT {MATCH (f)-[:OPERATES]->(s:Stage) RETURN DISTINCT s.id} AS stages,
       COLLECT {MATCH (f)-[:IMPLEMENTS]->(sc:Scenario) RETURN DISTINCT sc.id} AS runs
