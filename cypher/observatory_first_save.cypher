// Observatory: the time of the earliest save summary (where the publication calendar starts).
MATCH (s:SaveSummary)
RETURN min(s.at) AS first
