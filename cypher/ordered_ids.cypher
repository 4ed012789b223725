// Stages or domains in their `order` (__LABEL__ checked against the schema).
MATCH (n:__LABEL__)
RETURN n.id AS id
ORDER BY coalesce(n.order, 0), id
