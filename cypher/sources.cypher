// Source records by key (all of them when $keys is null).
MATCH (s:Source)
WHERE $keys IS NULL OR s.key IN $keys
RETURN s.key AS key, s.record AS record
ORDER BY key
