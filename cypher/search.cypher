// Ranked like scenegraph/search.py (the one definition; read its docstring): $q is the normalised query, $words its
// normalised words; names and ids are normalised here the same way (NFKC, lower case, letters and digits only).
// 0 id/name/alias equal, 1 name/alias prefix, 2 id/name/alias substring, 3 every word in the names, 4 description.
MATCH (n:Entity)
WHERE $labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)
WITH n, [x IN [n.name_zh, n.name_en] + coalesce(n.aliases, []) |
         reduce(s = '', c IN split(toLower(normalize(x, NFKC)), '') |
                s + CASE WHEN c =~ '[\\p{L}\\p{N}]' THEN c ELSE '' END)] AS names,
     reduce(s = '', c IN split(toLower(normalize(n.id, NFKC)), '') |
            s + CASE WHEN c =~ '[\\p{L}\\p{N}]' THEN c ELSE '' END) AS nid
WITH n, names, nid, reduce(s = '', x IN names | s + ' ' + x) AS joined
WITH n, CASE
  WHEN nid = $q OR $q IN names THEN 0
  WHEN any(x IN names WHERE x STARTS WITH $q) THEN 1
  WHEN size($q) >= $min_sub AND (nid CONTAINS $q OR any(x IN names WHERE x CONTAINS $q)) THEN 2
  WHEN size($words) > 1 AND all(w IN $words WHERE joined CONTAINS w) THEN 3
END AS rank
WITH n, CASE WHEN rank IS NOT NULL THEN rank
  WHEN size($q) >= $min_sub AND (n.description_zh IS NOT NULL OR n.description_en IS NOT NULL) THEN
    CASE WHEN any(d IN [reduce(s = '', c IN split(toLower(normalize(coalesce(n.description_zh, '') + ' ' +
                                                                     coalesce(n.description_en, ''), NFKC)), '') |
                               s + CASE WHEN c =~ '[\\p{L}\\p{N}]' THEN c ELSE '' END)]
                  WHERE d CONTAINS $q OR (size($words) > 1 AND all(w IN $words WHERE d CONTAINS w))) THEN 4 END
END AS rank
WHERE rank IS NOT NULL
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name_zh AS name_zh, n.name_en AS name_en,
       rank
ORDER BY rank, id
LIMIT $limit
