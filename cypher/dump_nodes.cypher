// Every node with its labels and every property (the store's own search keys included), for comparing two
// loads of the same graph (tests: the bulk import against the online loader).
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS props
