// A shortest path ignoring direction; intermediate nodes of the avoided labels are not passed through.
MATCH (a:Entity {id: $src}), (b:Entity {id: $dst})
MATCH p = shortestPath((a)-[*..15]-(b))
WHERE all(n IN nodes(p)[1..-1] WHERE none(l IN labels(n) WHERE l IN $avoid))
RETURN [n IN nodes(p) | n.id] AS ids
