// One batch of relationships with properties into an empty database (see load_relationships_create.cypher); rows
// are [start, end, props].
UNWIND range(0, size($nodes) - 1) AS i
MATCH (n) WHERE elementId(n) = $nodes[i]
WITH i, n ORDER BY i
WITH collect(n) AS ns
WHERE size(ns) = size($nodes)
UNWIND $rows AS row
WITH ns[row[0]] AS a, ns[row[1]] AS b, row
CREATE (a)-[r:__TYPE__]->(b)
SET __PROPS__
