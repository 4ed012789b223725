// One batch of relationships of a type that carries properties. __PROPS__ becomes
// `r.<field> = row.props.<field>` for every property of the type in the schema (see load_nodes.cypher).
UNWIND $rows AS row
MATCH (a:Entity {id: row.src})
MATCH (b:Entity {id: row.dst})
MERGE (a)-[r:__TYPE__]->(b)
SET __PROPS__
