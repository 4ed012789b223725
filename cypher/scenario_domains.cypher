MATCH (s:Scenario)-[:IN_DOMAIN]->(d:Domain)
WHERE $ids IS NULL OR s.id IN $ids
RETURN s.id AS scenario, collect(DISTINCT d.id) AS domains
