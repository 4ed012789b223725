// Every graph node (and bibliographic record) with its labels and every property (the store's own search keys
// included), for comparing two loads of the same graph (tests: the bulk import against the online loader).
MATCH (n)
WHERE n:Entity OR n:Source
RETURN labels(n) AS labels, properties(n) AS props
