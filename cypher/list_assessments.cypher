// Saved assessments (one per enterprise and time), of one enterprise or all, among those the caller may see
// ($enterprises; null = every one).
MATCH (e:Enterprise)-[r:ASSESSED]->(:Scenario)
WHERE ($enterprise_id IS NULL OR e.id = $enterprise_id) AND ($enterprises IS NULL OR e.id IN $enterprises)
RETURN e.id AS enterprise_id, e.name_zh AS name, r.at AS at, count(r) AS answers
ORDER BY enterprise_id, at
