// One batch of relationships of a type that carries properties. __PROPS__ becomes
// `r.<field> = row[2].<field>` for every property of the type in the schema (see load_nodes.cypher).
UNWIND $rows AS row
MATCH (a:Entity {id: row[0]})
MATCH (b:Entity {id: row[1]})
MERGE (a)-[r:__TYPE__]->(b)
SET __PROPS__
