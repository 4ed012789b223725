// History relationships (ASSESSED): one per pair and time, so `at` is part of the MERGE key.
UNWIND $rows AS row
MATCH (a:Entity {id: row[0]})
MATCH (b:Entity {id: row[1]})
MERGE (a)-[r:__TYPE__ {at: row[2].at}]->(b)
SET __PROPS__
