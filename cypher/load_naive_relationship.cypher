// The naive loader the benchmark compares against: one MERGE per relationship, one round trip each.
MATCH (a:Entity {id: $src})
MATCH (b:Entity {id: $dst})
MERGE (a)-[r:__TYPE__]->(b)
SET r = $props
