// The days the save summaries span: the first save, and the last save or end of a save (an open end is $open).
MATCH (s:SaveSummary)
WITH min(s.at) AS first, max(s.at) AS last_at, max(CASE WHEN s.until < $open THEN s.until END) AS last_until
RETURN first, CASE WHEN last_until IS NULL OR last_at > last_until THEN last_at ELSE last_until END AS last
