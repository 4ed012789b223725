// One batch of relationships into an empty database (see load_nodes_create.cypher); rows sorted by start node.
UNWIND $rows AS row
MATCH (a:Entity {id: row[0]})
MATCH (b:Entity {id: row[1]})
CREATE (a)-[r:__TYPE__]->(b)
