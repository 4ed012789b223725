// The save summaries of one enterprise (before they are rebuilt from its saves).
MATCH (s:SaveSummary)
WHERE s.enterprise_id = $enterprise_id
DELETE s
