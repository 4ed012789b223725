// Saved assessments (one :Save per enterprise and time), of one enterprise or all, among those the caller may see
// ($enterprises; null = every one).
MATCH (v:Save)
WHERE ($enterprise_id IS NULL OR v.enterprise_id = $enterprise_id)
  AND ($enterprises IS NULL OR v.enterprise_id IN $enterprises)
RETURN v.enterprise_id AS enterprise_id, v.name AS name, v.at AS at, size(v.scenarios) AS answers
ORDER BY enterprise_id, at
