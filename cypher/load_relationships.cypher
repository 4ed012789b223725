// One batch of relationships of a type without properties. __TYPE__ is checked against the schema first.
// No SET: a map SET makes the planner materialise the whole batch (Eager), which halves the load rate.
UNWIND $rows AS row
MATCH (a:Entity {id: row.src})
MATCH (b:Entity {id: row.dst})
MERGE (a)-[r:__TYPE__]->(b)
