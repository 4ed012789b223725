// The observatory's aggregates (kept up to date at save time, observatory/deltas.py): one marker node (its state,
// locked by every save and every build step so none interleave), dated deltas and cumulative snapshots per
// (dimension, key, level). A save finds its rows by the whole cell (the composite indexes); a read seeks the
// snapshot by `before` and the deltas by a range of `day` (single-property indexes: a composite one is not used
// for a predicate on its first property alone).
CREATE CONSTRAINT observatory_aggregate_id IF NOT EXISTS FOR (m:ObsAggregate) REQUIRE m.id IS UNIQUE;
CREATE RANGE INDEX observatory_delta_cell IF NOT EXISTS FOR (d:ObsDelta) ON (d.day, d.dim, d.key, d.level);
CREATE RANGE INDEX observatory_snapshot_cell IF NOT EXISTS FOR (s:ObsSnapshot) ON (s.before, s.dim, s.key, s.level);
CREATE RANGE INDEX observatory_delta_day IF NOT EXISTS FOR (d:ObsDelta) ON (d.day);
CREATE RANGE INDEX observatory_snapshot_before IF NOT EXISTS FOR (s:ObsSnapshot) ON (s.before)
