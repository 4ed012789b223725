// History relationships (ASSESSED): one per pair and time, so `at` is part of the MERGE key.
UNWIND $rows AS row
MATCH (a:Entity {id: row.src})
MATCH (b:Entity {id: row.dst})
MERGE (a)-[r:__TYPE__ {at: row.props.at}]->(b)
SET __PROPS__
