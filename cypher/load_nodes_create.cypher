// One batch of nodes into an empty database (the first load): CREATE instead of MERGE, since nothing can be
// there yet; a load cut short is finished by the MERGE form (load_nodes), as the database is no longer empty.
// Returns each node's elementId, by which the first load's relationships find their ends.
UNWIND $rows AS row
CREATE (n:Entity:__LABEL__ {id: row.id})
SET __PROPS__,
    n._sk_id = row.sk._sk_id, n._sk_names = row.sk._sk_names, n._sk_desc = row.sk._sk_desc,
    n._sk_nterms = row.sk._sk_nterms, n._sk_dterms = row.sk._sk_dterms, n._sk_len = row.sk._sk_len
RETURN row.id AS id, elementId(n) AS element_id
