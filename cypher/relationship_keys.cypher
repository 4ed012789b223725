// Every relationship of one type with what identifies it, for --replace to find those no longer in the data.
MATCH (a:Entity)-[r:__TYPE__]->(b:Entity)
RETURN a.id AS src, b.id AS dst, elementId(r) AS rid
