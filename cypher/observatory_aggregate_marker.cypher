// The aggregates' marker as it is (no lock): a read checks the state and the snapshot weeks built.
OPTIONAL MATCH (m:ObsAggregate {id: 'observatory'})
RETURN m {.*} AS marker
