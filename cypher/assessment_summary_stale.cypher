// Enterprises with saved assessments but no save summary, or summaries computed from other scoring facts
// (written before summaries existed, or under an earlier graph): the observatory rebuilds theirs.
MATCH (v:Save)
WITH DISTINCT v.enterprise_id AS enterprise_id
WHERE NOT EXISTS { MATCH (s:SaveSummary) WHERE s.enterprise_id = enterprise_id }
   OR EXISTS { MATCH (s:SaveSummary) WHERE s.enterprise_id = enterprise_id AND s.facts <> $facts }
RETURN enterprise_id
LIMIT $limit
