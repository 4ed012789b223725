// Ranked like scenegraph.search.rank (the one rule for both stores; the `_sk_*` properties are the normalised
// keys the loader writes, stores/neo4j/search_keys.py builds the parameters): 0 the id, a name or an alias;
// 1 a name or alias starts with it; 2 the id, a name or an alias contains it; 3 every word in the names;
// 4 the descriptions contain it or every word of it. Ties by id.
// Every branch is one text-index seek (no scan, no OR across keys): the id (= and CONTAINS), the names once
// (CONTAINS the query, or SEP+query when it is one character; the rank is read from the hit), and only while
// fewer than $limit are found, the words (rank 3) and the descriptions (rank 4). A seek that is not needed is
// not run: its key list is empty (UNWIND of []), since a guard beside the seek would be applied after it.
CALL () {
  MATCH (n:Entity) WHERE n._sk_id = $q RETURN n, 0 AS rank
  UNION ALL
  UNWIND $id_keys AS k
  MATCH (n:Entity) WHERE n._sk_id CONTAINS k RETURN n, 2 AS rank
  UNION ALL
  MATCH (n:Entity) WHERE n._sk_names CONTAINS $names_key
  WITH n, CASE WHEN n._sk_names CONTAINS $exact THEN 0 WHEN n._sk_names CONTAINS $prefix THEN 1
               WHEN $long AND n._sk_names CONTAINS $q THEN 2 END AS rank
  WHERE rank IS NOT NULL
  RETURN n, rank
}
WITH n, min(rank) AS rank
WHERE $labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)
WITH collect([n, rank]) AS named
CALL (named) {
  UNWIND CASE WHEN $multi AND size(named) < $limit THEN [$w0] ELSE [] END AS k
  MATCH (n:Entity) WHERE n._sk_names CONTAINS k AND all(w IN $words WHERE n._sk_names CONTAINS w)
    AND ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)) AND NOT n IN [x IN named | x[0]]
  RETURN collect([n, 3]) AS worded
}
CALL (named, worded) {
  UNWIND CASE WHEN size(named) + size(worded) < $limit THEN $desc_keys ELSE [] END AS k
  MATCH (n:Entity) WHERE n._sk_desc CONTAINS k
    AND (n._sk_desc CONTAINS $q OR ($multi AND all(w IN $words WHERE n._sk_desc CONTAINS w)))
    AND ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)) AND NOT n IN [x IN named + worded | x[0]]
  RETURN collect([n, 4]) AS described
}
UNWIND named + worded + described AS hit
WITH hit[0] AS n, hit[1] AS rank
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name_zh AS name_zh, n.name_en AS name_en,
       rank
ORDER BY rank, id
LIMIT $limit
