// One save's summary (observatory/summary.py), written in the save's transaction. `until` is the time of the
// enterprise's next save ($open when there is none): a save is "the latest as of d" when at <= d < until. The
// save before this one now ends here. Levels are parallel lists (stages[i] has stage_levels[i]); so is the plan's
// potential (potential_keys[i] has potential_values[i]; observatory/potential.py).
CREATE (s:SaveSummary {enterprise_id: $enterprise_id, at: $at, region: $region, level: $level,
                       stages: $stages, stage_levels: $stage_levels, segments: $segments,
                       segment_levels: $segment_levels, scenarios: $scenarios, scenario_levels: $scenario_levels,
                       potential_keys: $potential_keys, potential_values: $potential_values, facts: $facts})
WITH s
CALL (s) {
  OPTIONAL MATCH (p:SaveSummary {enterprise_id: $enterprise_id})
  WHERE p.at < $at AND p.until > $at
  SET p.until = $at
}
CALL (s) {
  OPTIONAL MATCH (n:SaveSummary {enterprise_id: $enterprise_id})
  WHERE n.at > $at
  WITH min(n.at) AS next
  SET s.until = coalesce(next, $open)
}
RETURN s.until AS until
