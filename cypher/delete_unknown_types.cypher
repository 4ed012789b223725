// --replace: relationship types the schema does not know.
MATCH ()-[r]->()
WHERE NOT type(r) IN $types
DELETE r
