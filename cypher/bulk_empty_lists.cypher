// After neo4j-admin import: an empty list is an empty cell, which the importer leaves out (no property, even when
// quoted), while the data and the online loader hold []. Sets each of the label's list fields ($fields) that a node
// lacks to []: one pass over the label's nodes for all of them.
MATCH (n:__LABEL__) WHERE any(f IN $fields WHERE n[f] IS NULL)
FOREACH (f IN [f IN $fields WHERE n[f] IS NULL] | SET n[f] = [])
