// One batch of relationships of a type without properties. __TYPE__ is checked against the schema first.
// Each row is a list [start id, end id] (or [start, end, properties]): lists cost the driver far less to send
// than maps with the same keys repeated on every row.
// No SET: a map SET makes the planner materialise the whole batch (Eager), which halves the load rate.
UNWIND $rows AS row
MATCH (a:Entity {id: row[0]})
MATCH (b:Entity {id: row[1]})
MERGE (a)-[r:__TYPE__]->(b)
