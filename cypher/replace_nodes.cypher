// --replace: remove the nodes that are no longer in the data.
MATCH (n:Entity)
WHERE NOT n.id IN $ids
DETACH DELETE n
