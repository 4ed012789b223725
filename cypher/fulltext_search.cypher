// Relevance-ranked search through the full-text index (Lucene syntax, CJK analyzer).
CALL db.index.fulltext.queryNodes('entity_names', $query) YIELD node, score
RETURN node.id AS id, score
ORDER BY score DESC, id
LIMIT $limit
