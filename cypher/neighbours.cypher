// One breadth-first step: every neighbour, either direction, of the frontier.
UNWIND $ids AS id
MATCH (n:Entity {id: id})--(m:Entity)
RETURN DISTINCT m.id AS id, [l IN labels(m) WHERE l <> 'Entity'][0] AS label
