// One node, if the database holds any (an empty database can be bulk-imported into).
MATCH (n)
RETURN n.id AS id
LIMIT 1
