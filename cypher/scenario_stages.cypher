// Where scenarios apply, as stages: a stage directly, or the stage of a process. All scenarios when $ids is null.
MATCH (s:Scenario)-[:AT]->(p:Entity)
WHERE $ids IS NULL OR s.id IN $ids
OPTIONAL MATCH (p)-[:PART_OF]->(ps:Stage)
WITH s, CASE WHEN p:Stage THEN p.id ELSE ps.id END AS stage
WHERE stage IS NOT NULL
RETURN s.id AS scenario, collect(DISTINCT stage) AS stages
