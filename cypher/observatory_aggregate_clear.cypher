// Remove the aggregates (before a rebuild), in batches.
MATCH (n)
WHERE n:ObsDelta OR n:ObsSnapshot
CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS
