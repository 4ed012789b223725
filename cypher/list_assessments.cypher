// Saved assessments (one per enterprise and time), of one enterprise or all.
MATCH (e:Enterprise)-[r:ASSESSED]->(:Scenario)
WHERE $enterprise_id IS NULL OR e.id = $enterprise_id
RETURN e.id AS enterprise_id, e.name_zh AS name, r.at AS at, count(r) AS answers
ORDER BY enterprise_id, at
