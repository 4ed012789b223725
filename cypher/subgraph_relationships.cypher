MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids
RETURN a.id AS src, b.id AS dst, type(r) AS type, properties(r) AS props
