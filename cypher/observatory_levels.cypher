// Observatory: enterprises per maturity level over the latest save of each enterprise at or before $as_of,
// counted in the database. A score is sum(importance x level) / sum(importance) over the scenarios applicable
// at the enterprise's stages (unanswered = 0), per stage, per chain segment and overall; a level is reached at
// 0.8 of its step (as scoring.maturity_level). Returns one row per (dimension, key, level) and one per
// (scenario, level): never one enterprise.
CALL () {
  MATCH (sc:Scenario)-[:AT]->(place)
  OPTIONAL MATCH (place)-[:PART_OF]->(parent:Stage)
  WITH DISTINCT sc, coalesce(parent, place) AS st
  WITH sc, collect(st.id) AS st_ids
  RETURN collect({sc: sc.id, w: toFloat(sc.importance), stages: st_ids}) AS scs
}
CALL () {
  MATCH (st:Stage)
  RETURN collect({id: st.id, seg: st.segment}) AS stage_list
}
MATCH (e:Enterprise)
CALL (e) {
  MATCH (e)-[r:ASSESSED]->(:Scenario)
  WHERE r.at <= $as_of
  RETURN max(r.at) AS at
}
WITH scs, stage_list, e, at WHERE at IS NOT NULL
CALL (e) {
  MATCH (e)-[:OPERATES]->(st:Stage)
  WITH st.id AS id ORDER BY id
  RETURN collect(id) AS stages
}
// enterprises that run the same stages share the applicable scenarios and the weights
WITH scs, stage_list, stages, collect({e: e, at: at}) AS members
WITH stage_list, stages, members,
     [s IN scs WHERE any(x IN s.stages WHERE x IN stages) | {sc: s.sc, w: s.w,
       stages: [x IN s.stages WHERE x IN stages],
       segs: reduce(acc = [], x IN [y IN s.stages WHERE y IN stages] |
             CASE WHEN [z IN stage_list WHERE z.id = x][0].seg IN acc THEN acc
                  ELSE acc + [z IN stage_list WHERE z.id = x][0].seg END)}] AS app
WITH stages, members, app,
     reduce(t = 0.0, a IN app | t + a.w) AS w_all,
     [st IN stages | {st: st, w: reduce(t = 0.0, a IN app | t + CASE WHEN st IN a.stages THEN a.w ELSE 0.0 END)}]
       AS w_stage,
     [seg IN reduce(acc = [], a IN app | acc + [s IN a.segs WHERE NOT s IN acc]) |
       {seg: seg, w: reduce(t = 0.0, a IN app | t + CASE WHEN seg IN a.segs THEN a.w ELSE 0.0 END)}] AS w_seg
// scenarios: every applicable one counts each enterprise of the stage set at level 0 (rows added with the first
// member only); each answer then moves one enterprise from level 0 to the level answered
UNWIND range(0, size(members) - 1) AS i
WITH stages, w_all, w_stage, w_seg, members[i].e AS e, members[i].at AS at,
     CASE WHEN i = 0 THEN [a IN app | {dim: 'scenario', key: a.sc, level: 0, n: size(members)}] ELSE [] END AS zeros
// the save's answers, each with the enterprise's stages and segments it applies at (read from the graph, so the
// work per enterprise grows with its answers, not with answers x applicable scenarios)
CALL (e, at, stages) {
  MATCH (e)-[r:ASSESSED]->(sc:Scenario)
  WHERE r.at = at
  WITH sc, r.level AS level, COLLECT {
    MATCH (sc)-[:AT]->(place)
    OPTIONAL MATCH (place)-[:PART_OF]->(parent:Stage)
    WITH DISTINCT coalesce(parent, place) AS st
    WHERE st.id IN stages
    RETURN {id: st.id, seg: st.segment}
  } AS mine
  WHERE size(mine) > 0
  RETURN collect({sc: sc.id, level: level, w: toFloat(sc.importance), stages: [x IN mine | x.id],
                  segs: reduce(acc = [], x IN mine | CASE WHEN x.seg IN acc THEN acc ELSE acc + x.seg END)})
         AS answers
}
WITH zeros, e, answers,
     CASE WHEN w_all > 0 THEN reduce(t = 0.0, x IN answers | t + x.w * x.level) / w_all ELSE 0.0 END AS score_all,
     [ws IN w_stage | {key: ws.st, score: CASE WHEN ws.w > 0 THEN reduce(t = 0.0, x IN answers |
        t + CASE WHEN ws.st IN x.stages THEN x.w * x.level ELSE 0.0 END) / ws.w ELSE 0.0 END}] AS by_stage,
     [ws IN w_seg | {key: ws.seg, score: CASE WHEN ws.w > 0 THEN reduce(t = 0.0, x IN answers |
        t + CASE WHEN ws.seg IN x.segs THEN x.w * x.level ELSE 0.0 END) / ws.w ELSE 0.0 END}] AS by_seg
WITH zeros, e, answers,
     [x IN [{dim: 'overall', key: 'all', score: score_all},
            {dim: 'region', key: CASE WHEN trim(coalesce(e.region, '')) = '' THEN $no_region ELSE trim(e.region) END,
             score: score_all}]
          + [s IN by_stage | {dim: 'stage', key: s.key, score: s.score}]
          + [s IN by_seg | {dim: 'segment', key: s.key, score: s.score}]
      | {dim: x.dim, key: x.key, n: 1,
         level: CASE WHEN x.score + 0.2 + 1e-9 >= 5 THEN 5 ELSE toInteger(floor(x.score + 0.2 + 1e-9)) END}] AS cells
UNWIND cells + zeros + [x IN answers | {dim: 'scenario', key: x.sc, level: x.level, n: 1}]
             + [x IN answers | {dim: 'scenario', key: x.sc, level: 0, n: -1}] AS cell
RETURN cell.dim AS dimension, cell.key AS key, cell.level AS level, sum(cell.n) AS enterprises
