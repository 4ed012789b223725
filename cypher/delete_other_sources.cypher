// --replace: remove the sources that are no longer in the data.
MATCH (s:Source)
WHERE NOT s.key IN $keys
DELETE s
