// Start (or restart) building the aggregates: the marker, created if missing and locked; the caller checks
// whether another process is building (fresh heartbeat, other token) before it calls observatory_aggregate_set.
MERGE (m:ObsAggregate {id: 'observatory'})
SET m.lock = coalesce(m.lock, 0) + 1
RETURN m {.*} AS marker
