// One saved assessment (a :Save node): its answers, with the stages each scenario applies at (looked up in the
// graph by id), and the enterprise's details and stages as saved; nothing unless the caller may see it
// ($enterprises; null = every one).
MATCH (v:Save {enterprise_id: $enterprise_id})
WHERE v.at = $at AND ($enterprises IS NULL OR v.enterprise_id IN $enterprises)
UNWIND range(0, size(v.scenarios) - 1) AS i
WITH v, v.scenarios[i] AS scenario, v.levels[i] AS level
OPTIONAL MATCH (s:Scenario:Entity {id: scenario})
RETURN v.name AS name, v.region AS region, v.stages AS stages, v.profile AS profile,
       collect({scenario: scenario, level: level, stages: COLLECT {
         MATCH (s)-[:AT]->(place:Entity)
         OPTIONAL MATCH (place)-[:PART_OF]->(parent:Stage)
         RETURN coalesce(parent.id, place.id) AS stage ORDER BY stage
       }}) AS answers
