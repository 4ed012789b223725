// Observatory: each scenario's names, importance and policy reach (targets through IMPROVES -> KPI ->
// CONTRIBUTES_TO* -> TRACKS, requirements ADDRESSED), and each stage's names, order and segment.
MATCH (sc:Scenario)
RETURN 'scenario' AS kind, sc.id AS id, sc.name_zh AS name_zh, sc.name_en AS name_en, sc.importance AS importance,
       size(COLLECT {
         MATCH (sc)-[:IMPROVES]->(:KPI)-[:CONTRIBUTES_TO*0..]->(:KPI)-[:TRACKS]->(t:Target)
         RETURN DISTINCT t.id
       }) AS targets,
       COUNT { MATCH (sc)-[:ADDRESSES]->(:Requirement) } AS requirements, null AS order, null AS segment
UNION ALL
MATCH (st:Stage)
RETURN 'stage' AS kind, st.id AS id, st.name_zh AS name_zh, st.name_en AS name_en, null AS importance,
       null AS targets, null AS requirements, st.order AS order, st.segment AS segment
