// Scoring facts a save summary is computed from (observatory/summary.py ScoringFacts): each stage's order and
// chain segment; each scenario's importance and the stages it applies at (a stage it is AT, or the stages a
// place it is AT is PART_OF), as ScenarioGraph.stages_of.
MATCH (st:Stage)
RETURN 'stage' AS kind, st.id AS id, st.order AS order, st.segment AS segment, null AS importance, null AS stages
UNION ALL
MATCH (sc:Scenario)
RETURN 'scenario' AS kind, sc.id AS id, null AS order, null AS segment, sc.importance AS importance,
       COLLECT {
         MATCH (sc)-[:AT]->(place)
         UNWIND CASE WHEN place:Stage THEN [place.id] ELSE [(place)-[:PART_OF]->(p) | p.id] END AS stage
         RETURN DISTINCT stage ORDER BY stage
       } AS stages
