MATCH (n:Entity)
WHERE n.id IN $ids
RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS label, properties(n) AS props
