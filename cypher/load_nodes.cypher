// One batch of nodes of one label. __LABEL__ is checked against the schema before it is filled in.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row.props, n:__LABEL__
