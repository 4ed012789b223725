// After neo4j-admin import: a node without a description has the search key _sk_desc = '' (search_keys.py), which
// the CSV holds as an empty cell and the importer leaves out (no property), while the online loader writes ''.
// Sets the missing key ($empty is ''), so both loads hold the same properties.
MATCH (n:Entity) WHERE n._sk_desc IS NULL
SET n._sk_desc = $empty
