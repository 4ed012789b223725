// Neo4j's own server-side LOAD CSV of the same relationships, for the benchmark.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (a:Entity {id: row.src})
  MATCH (b:Entity {id: row.dst})
  MERGE (a)-[r:__TYPE__]->(b)
} IN TRANSACTIONS OF 10000 ROWS
