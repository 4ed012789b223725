// Every graph relationship with its ends, type and properties, for comparing two loads of the same graph (tests).
MATCH (a:Entity)-[r]->(b:Entity)
RETURN a.id AS src, b.id AS dst, type(r) AS type, properties(r) AS props
