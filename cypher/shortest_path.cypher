// A shortest path ignoring direction; intermediate nodes of the avoided labels are not passed through.
// SHORTEST with a quantified path pattern checks the predicate during the search (no exhaustive fallback).
MATCH p = SHORTEST 1 (a:Entity {id: $src})
          (()-[]-(x:Entity) WHERE x.id = $dst OR none(l IN labels(x) WHERE l IN $avoid)){1,15}
          (b:Entity {id: $dst})
RETURN [n IN nodes(p) | n.id] AS ids
