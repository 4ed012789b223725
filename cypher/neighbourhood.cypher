// Every node within __HOPS__ relationships of $id, either direction, with its distance, in one query. Hubs (more
// than $hub relationships) are reached but not walked through (the centre always is), as in ScenarioGraph.
// __HOPS__ is an integer checked against LIMITS.max_hops (a variable-length bound cannot be a parameter).
MATCH (c:Entity {id: $id})
MATCH p = (c)-[*1..__HOPS__]-(m:Entity)
WHERE all(x IN nodes(p)[1..-1] WHERE COUNT { (x)--() } <= $hub)
RETURN m.id AS id, [l IN labels(m) WHERE l <> 'Entity'][0] AS label, min(length(p)) AS d
