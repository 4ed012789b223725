// Indexes of the save summaries (one :SaveSummary per saved assessment, written at save time): the observatory
// finds the latest save of each enterprise as of a date by at <= $as_of < until; a save, and the check for
// enterprises without summaries, find an enterprise's summaries by enterprise_id (a single-property index: a
// composite one is not used for a predicate on enterprise_id alone).
CREATE RANGE INDEX save_summary_at IF NOT EXISTS FOR (s:SaveSummary) ON (s.at);
CREATE RANGE INDEX save_summary_until IF NOT EXISTS FOR (s:SaveSummary) ON (s.until);
CREATE RANGE INDEX save_summary_enterprise_id IF NOT EXISTS FOR (s:SaveSummary) ON (s.enterprise_id)
