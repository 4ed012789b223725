// Tenant data's constraints and indexes, applied once per connection before the first save or read of saves.
// One :Save per saved assessment (found by enterprise_id, then at), one :SaveLock per enterprise (saves of one
// enterprise queue up on it), one :SaveSummary per save, written at save time: the observatory finds the latest
// save of each enterprise as of a date by at <= $as_of < until; a save, and the check for enterprises without
// summaries, find an enterprise's summaries by enterprise_id (a single-property index: a composite one is not used
// for a predicate on enterprise_id alone).
CREATE CONSTRAINT save_lock_enterprise IF NOT EXISTS FOR (l:SaveLock) REQUIRE l.enterprise_id IS UNIQUE;
CREATE RANGE INDEX save_enterprise_id IF NOT EXISTS FOR (v:Save) ON (v.enterprise_id);
CREATE RANGE INDEX save_summary_at IF NOT EXISTS FOR (s:SaveSummary) ON (s.at);
CREATE RANGE INDEX save_summary_until IF NOT EXISTS FOR (s:SaveSummary) ON (s.until);
CREATE RANGE INDEX save_summary_enterprise_id IF NOT EXISTS FOR (s:SaveSummary) ON (s.enterprise_id)
