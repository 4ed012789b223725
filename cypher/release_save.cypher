// The data release the store holds (one node, not an :Entity, so it is not part of the graph's counts).
MERGE (r:GraphRelease {key: 'current'})
SET r.release = $release
