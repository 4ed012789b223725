// The first day with a delta: the weekly snapshots start at its Monday.
MATCH (d:ObsDelta)
RETURN min(d.day) AS first
