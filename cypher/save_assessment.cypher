// One self-assessment: the enterprise (locked by the SET, so saves of one enterprise queue up), its stages,
// and one ASSESSED per answer at a time no other save of this enterprise holds (moved 1 µs past the latest).
// Saves stored later than $not_after (now plus the clock skew; written before that bound existed) are left out of
// "the latest", so a save dated in year 9999 can never block the next one.
// $enterprises: the ids the caller may save for (null = every one); a save outside them writes nothing.
WITH $enterprise_id AS enterprise_id
WHERE $enterprises IS NULL OR enterprise_id IN $enterprises
MERGE (e:Enterprise:Entity {id: enterprise_id})
SET e.name_zh = $name, e.name_en = $name, e.region = $region
WITH e
OPTIONAL MATCH (e)-[old:ASSESSED]->(:Scenario)
WHERE old.at <= $not_after
WITH e, max(old.at) AS latest
WITH e, CASE WHEN latest IS NOT NULL AND latest >= $at THEN latest + duration({nanoseconds: 1000}) ELSE $at END AS at
CALL (e) {
  MATCH (e)-[o:OPERATES]->(:Stage)
  DELETE o
}
CALL (e) {
  UNWIND $stages AS stage_id
  MATCH (s:Stage {id: stage_id})
  MERGE (e)-[:OPERATES]->(s)
}
CALL (e, at) {
  UNWIND $answers AS answer
  MATCH (s:Scenario {id: answer.scenario})
  CREATE (e)-[:ASSESSED {level: answer.level, at: at}]->(s)
  RETURN count(*) AS written
}
RETURN at, written
