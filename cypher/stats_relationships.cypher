// Relationships per type, between graph nodes only.
MATCH (:Entity)-[r]->(:Entity)
RETURN type(r) AS type, count(*) AS n
