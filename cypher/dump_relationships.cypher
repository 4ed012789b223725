// Every relationship with its ends, type and properties, for comparing two loads of the same graph (tests).
MATCH (a)-[r]->(b)
RETURN coalesce(a.id, a.key) AS src, coalesce(b.id, b.key) AS dst, type(r) AS type, properties(r) AS props
