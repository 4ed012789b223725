// A database of release 2 kept saves inside the graph, as (:Enterprise:Entity)-[:ASSESSED {level, at}]->(:Scenario)
// with the enterprise's stages as OPERATES: each (enterprise, time) becomes one :Save (tenant data, outside the
// graph), then the enterprise node goes with its relationships. Idempotent: nothing to do once no :Enterprise is
// left. Stages are the enterprise's current ones (release 2 kept no stages per save).
MATCH (e:Enterprise)
WITH e, COLLECT { MATCH (e)-[:OPERATES]->(st:Stage) RETURN st.id ORDER BY st.id } AS stages
OPTIONAL MATCH (e)-[r:ASSESSED]->(s:Scenario)
WITH e, stages, r.at AS at, collect([s.id, r.level]) AS answers
FOREACH (_ IN CASE WHEN at IS NULL THEN [] ELSE [1] END |
  CREATE (:Save {enterprise_id: e.id, at: at, name: e.name_zh, region: e.region, stages: stages,
                 scenarios: [a IN answers | a[0]], levels: [a IN answers | a[1]]}))
WITH collect(DISTINCT e) AS enterprises
UNWIND enterprises AS e
DETACH DELETE e
RETURN count(*) AS moved
