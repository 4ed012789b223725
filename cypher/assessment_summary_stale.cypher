// Enterprises with saved assessments but no save summary, or summaries computed from other scoring facts
// (written before summaries existed, or under an earlier graph): the observatory rebuilds theirs.
MATCH (e:Enterprise)
WHERE EXISTS { (e)-[:ASSESSED]->(:Scenario) }
  AND (NOT EXISTS { MATCH (s:SaveSummary) WHERE s.enterprise_id = e.id }
       OR EXISTS { MATCH (s:SaveSummary) WHERE s.enterprise_id = e.id AND s.facts <> $facts })
RETURN e.id AS enterprise_id
LIMIT $limit
