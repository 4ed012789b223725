// Indexes of the save summaries (one :SaveSummary per saved assessment, written at save time): the observatory
// finds the latest save of each enterprise as of a date by at <= $as_of < until; a save finds its neighbours
// by enterprise_id.
CREATE RANGE INDEX save_summary_at IF NOT EXISTS FOR (s:SaveSummary) ON (s.at);
CREATE RANGE INDEX save_summary_until IF NOT EXISTS FOR (s:SaveSummary) ON (s.until);
CREATE RANGE INDEX save_summary_enterprise IF NOT EXISTS FOR (s:SaveSummary) ON (s.enterprise_id, s.at)
