// Ranked like ScenarioGraph.search: 0 exact id, 1 name prefix, 2 id or name substring, 3 description; ties by id.
MATCH (n:Entity)
WHERE $labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)
WITH n, toLower(n.name_zh) AS zh, toLower(n.name_en) AS en
WITH n, CASE
  WHEN n.id = $q THEN 0
  WHEN zh STARTS WITH $q OR en STARTS WITH $q THEN 1
  WHEN n.id CONTAINS $q OR zh CONTAINS $q OR en CONTAINS $q THEN 2
  WHEN toLower(coalesce(n.description_zh, '') + '\n' + coalesce(n.description_en, '')) CONTAINS $q THEN 3
END AS rank
WHERE rank IS NOT NULL
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name_zh AS name_zh, n.name_en AS name_en,
       rank
ORDER BY rank, id
LIMIT $limit
