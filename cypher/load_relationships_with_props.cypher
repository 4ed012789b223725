// One batch of relationships of a type that carries properties; they are replaced as a whole.
UNWIND $rows AS row
MATCH (a:Entity {id: row.src})
MATCH (b:Entity {id: row.dst})
MERGE (a)-[r:__TYPE__]->(b)
SET r = row.props
