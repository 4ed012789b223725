// One batch of relationships into an empty database (the first load; see load_nodes_create.cypher). $nodes are
// the elementIds of the batch's distinct ends (nodes this load created), each found once by a direct seek (no
// index lookup per row); $rows are [start, end] as positions in $nodes (load.py _by_position), sorted by start.
// When a node is gone, nothing is created (the loader checks the count).
UNWIND range(0, size($nodes) - 1) AS i
MATCH (n) WHERE elementId(n) = $nodes[i]
WITH i, n ORDER BY i
WITH collect(n) AS ns
WHERE size(ns) = size($nodes)
UNWIND $rows AS row
WITH ns[row[0]] AS a, ns[row[1]] AS b
CREATE (a)-[r:__TYPE__]->(b)
