// After neo4j-admin import: an empty list is an empty cell, which the importer leaves out (no property), while the
// data and the online loader hold []. Sets `$field` to [] on the nodes of a label that lack it ($empty is
// {field: []}); run once per list field of the schema.
MATCH (n:__LABEL__) WHERE n[$field] IS NULL
SET n += $empty
