// One batch of relationships of one type. __TYPE__ is checked against the schema before it is filled in.
UNWIND $rows AS row
MATCH (a:Entity {id: row.src})
MATCH (b:Entity {id: row.dst})
MERGE (a)-[r:__TYPE__]->(b)
SET r = row.props
