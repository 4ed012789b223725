// Update the aggregates' marker (state, token, heartbeat, days and weeks built); called with the lock held.
MATCH (m:ObsAggregate {id: 'observatory'})
SET m += $props
