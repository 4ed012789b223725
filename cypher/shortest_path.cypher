// A shortest path ignoring direction; intermediate nodes of the avoided labels are not passed through.
// shortestPath() is a bidirectional breadth-first search; the predicate on every node of the path (the two ends
// excepted by identity) is checked during the search, so the planner adds no exhaustive fallback (PROFILE shows a
// single ShortestPath operator). 15 relationships at most, as before; graph nodes (:Entity) only.
MATCH (a:Entity {id: $src}), (b:Entity {id: $dst})
MATCH p = shortestPath((a)-[*..15]-(b))
WHERE all(x IN nodes(p) WHERE x:Entity AND (x = a OR x = b OR none(l IN labels(x) WHERE l IN $avoid)))
RETURN [n IN nodes(p) | n.id] AS ids
