// The candidates of a search and the corpus counts BM25 needs; scenegraph.graph.search matches, scores and orders
// them in Python, as the memory store does (stores/neo4j/search_keys.py builds the parameters and reads the keys
// back). Every candidate branch is a text-index seek on a normalised key the loader writes (no scan): the id
// (= and CONTAINS), the names and aliases (CONTAINS the query, or SEP+query when it is one character), each
// query term in the names' and the descriptions' terms (CONTAINS SEP+term+SEP), and the descriptions (CONTAINS
// the query). An empty key list (UNWIND of []) skips its seek.
CALL () {
  MATCH (n:Entity)
  RETURN count(n) AS docs,
         [sum(n._sk_len[0]), sum(n._sk_len[1]), sum(n._sk_len[2]), sum(n._sk_len[3])] AS totals
}
CALL () {
  UNWIND $terms AS t
  CALL (t) { MATCH (n:Entity) WHERE n._sk_nterms CONTAINS $sep + t + $sep RETURN count(n) AS in_names }
  CALL (t) { MATCH (n:Entity) WHERE n._sk_dterms CONTAINS $sep + t + $sep RETURN count(n) AS in_descs }
  RETURN collect([t, in_names, in_descs]) AS df
}
CALL () {
  MATCH (n:Entity) WHERE n._sk_id = $q RETURN n
  UNION
  UNWIND $id_keys AS k
  MATCH (n:Entity) WHERE n._sk_id CONTAINS k RETURN n
  UNION
  MATCH (n:Entity) WHERE n._sk_names CONTAINS $names_key RETURN n
  UNION
  UNWIND $term_keys AS k
  MATCH (n:Entity) WHERE n._sk_nterms CONTAINS k RETURN n
  UNION
  UNWIND $term_keys AS k
  MATCH (n:Entity) WHERE n._sk_dterms CONTAINS k RETURN n
  UNION
  UNWIND $desc_keys AS k
  MATCH (n:Entity) WHERE n._sk_desc CONTAINS k RETURN n
}
WITH docs, totals, df, n
WHERE $labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)
RETURN docs, totals, df, n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name_zh AS name_zh,
       n.name_en AS name_en, n._sk_id AS sk_id, n._sk_names AS sk_names, n._sk_desc AS sk_desc,
       n._sk_nterms AS sk_nterms, n._sk_dterms AS sk_dterms
