// One batch of relationships with properties into an empty database (see load_nodes_create.cypher).
UNWIND $rows AS row
MATCH (a:Entity {id: row[0]})
MATCH (b:Entity {id: row[1]})
CREATE (a)-[r:__TYPE__]->(b)
SET __PROPS__
