// The aggregates' marker, write-locked (the SET reads what it writes, so the lock is taken before the read) for
// the rest of the transaction: a save or a build step holding it sees the state the last one committed.
MATCH (m:ObsAggregate {id: 'observatory'})
SET m.lock = coalesce(m.lock, 0) + 1
RETURN m {.*} AS marker
