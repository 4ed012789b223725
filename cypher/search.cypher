// Ranked like scenegraph.search.rank (the one rule for both stores; the `_sk_*` properties are the normalised
// keys the loader writes): 0 the id, a name or an alias; 1 a name or alias starts with it; 2 the id, a name or an
// alias contains it; 3 every word in the names; 4 the descriptions contain it or every word of it. Each branch is
// a text-index lookup; ties by id.
CALL () {
  MATCH (n:Entity) WHERE n._sk_id = $q RETURN n, 0 AS rank
  UNION ALL
  MATCH (n:Entity) WHERE n._sk_names CONTAINS $exact RETURN n, 0 AS rank
  UNION ALL
  MATCH (n:Entity) WHERE n._sk_names CONTAINS $prefix RETURN n, 1 AS rank
  UNION ALL
  MATCH (n:Entity) WHERE $long AND n._sk_id CONTAINS $q RETURN n, 2 AS rank
  UNION ALL
  MATCH (n:Entity) WHERE $long AND n._sk_names CONTAINS $q RETURN n, 2 AS rank
  UNION ALL
  MATCH (n:Entity) WHERE $multi AND n._sk_names CONTAINS $w0 AND all(w IN $words WHERE n._sk_names CONTAINS w)
  RETURN n, 3 AS rank
  UNION ALL
  MATCH (n:Entity) WHERE $long AND n._sk_desc CONTAINS $q RETURN n, 4 AS rank
  UNION ALL
  MATCH (n:Entity) WHERE $long AND $multi AND n._sk_desc CONTAINS $w0
    AND all(w IN $words WHERE n._sk_desc CONTAINS w)
  RETURN n, 4 AS rank
}
WITH n, min(rank) AS rank
WHERE $labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name_zh AS name_zh, n.name_en AS name_en,
       rank
ORDER BY rank, id
LIMIT $limit
