// One saved assessment: its answers (with the stages each scenario applies at), the enterprise's details and
// its current stages; nothing unless the caller may see it ($enterprises; null = every one).
MATCH (e:Enterprise {id: $enterprise_id})-[r:ASSESSED]->(s:Scenario)
WHERE r.at = $at AND ($enterprises IS NULL OR e.id IN $enterprises)
RETURN e.name_zh AS name, e.region AS region,
       COLLECT {MATCH (e)-[:OPERATES]->(st:Stage) RETURN st.id ORDER BY st.id} AS stages,
       collect({scenario: s.id, level: r.level, stages: COLLECT {
         MATCH (s)-[:AT]->(place)
         OPTIONAL MATCH (place)-[:PART_OF]->(parent:Stage)
         RETURN coalesce(parent.id, place.id) AS stage ORDER BY stage
       }}) AS answers
