// One batch of nodes of one label. __LABEL__ is checked against the schema before it is filled in;
// __PROPS__ becomes `n.<field> = row.props.<field>` for every field of that label in the schema (null removes a
// property, so the node ends up exactly as in the data). Naming the fields, rather than `SET n = row.props`,
// keeps the planner from materialising the whole batch (Eager), which halves the load rate.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:__LABEL__, __PROPS__,
    n._sk_id = row.sk._sk_id, n._sk_names = row.sk._sk_names, n._sk_desc = row.sk._sk_desc,
    n._sk_nterms = row.sk._sk_nterms, n._sk_dterms = row.sk._sk_dterms, n._sk_len = row.sk._sk_len
