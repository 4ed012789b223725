// One self-assessment as one :Save node: tenant data, outside the graph. It carries no graph label (no :Entity),
// no relationship joins it to a graph node, and it names the assessed scenarios by id (parallel lists: scenarios[i]
// was answered levels[i]), so no graph read or traversal can reach it.
// Saves of one enterprise queue up on its :SaveLock (MERGE on a unique key, then SET: a write lock), and each gets a
// time no other save of this enterprise holds (moved 1 µs past the latest). Saves stored later than $not_after (now
// plus the clock skew; written before that bound existed) are left out of "the latest", so a save dated in year
// 9999 can never block the next one.
// $enterprises: the ids the caller may save for (null = every one); a save outside them writes nothing.
// $profile: the plant profile (assess.profile) as one JSON text, or null; private like the answers.
// `written` counts the answered scenarios the graph holds: the caller rolls back a save naming unknown ones.
WITH $enterprise_id AS enterprise_id
WHERE $enterprises IS NULL OR enterprise_id IN $enterprises
MERGE (lock:SaveLock {enterprise_id: enterprise_id})
SET lock.saves = coalesce(lock.saves, 0) + 1
WITH enterprise_id
OPTIONAL MATCH (old:Save {enterprise_id: enterprise_id})
WHERE old.at <= $not_after
WITH enterprise_id, max(old.at) AS latest
WITH enterprise_id, CASE WHEN latest IS NOT NULL AND latest >= $at THEN latest + duration({nanoseconds: 1000})
                         ELSE $at END AS at
CREATE (:Save {enterprise_id: enterprise_id, at: at, name: $name, region: $region, stages: $stages,
               scenarios: [a IN $answers | a.scenario], levels: [a IN $answers | a.level], profile: $profile})
RETURN at, COUNT { MATCH (s:Scenario:Entity) WHERE s.id IN [a IN $answers | a.scenario] } AS written
