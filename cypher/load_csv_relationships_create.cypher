// Neo4j's own LOAD CSV of relationships into a database that has none yet (CREATE), for the benchmark.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (a:Entity {id: row.src})
  MATCH (b:Entity {id: row.dst})
  CREATE (a)-[r:__TYPE__]->(b)
} IN TRANSACTIONS OF 20000 ROWS
