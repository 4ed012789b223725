// Indexes for search, created after the constraints (cypher/schema.cypher). On an empty database the loader
// creates them after the first load and waits for them to be populated: filling them once at the end is cheaper
// than updating them row by row.
// The normalised search keys and terms (stores/neo4j/search_keys.py): trigram text indexes serve = and CONTAINS.
CREATE TEXT INDEX entity_sk_id IF NOT EXISTS FOR (n:Entity) ON (n._sk_id);
CREATE TEXT INDEX entity_sk_names IF NOT EXISTS FOR (n:Entity) ON (n._sk_names);
CREATE TEXT INDEX entity_sk_desc IF NOT EXISTS FOR (n:Entity) ON (n._sk_desc);
CREATE TEXT INDEX entity_sk_nterms IF NOT EXISTS FOR (n:Entity) ON (n._sk_nterms);
CREATE TEXT INDEX entity_sk_dterms IF NOT EXISTS FOR (n:Entity) ON (n._sk_dterms);
