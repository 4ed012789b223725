// The sources (data/sources.yaml): one :Source per key, its record kept whole as JSON. Idempotent.
UNWIND $rows AS row
MERGE (s:Source {key: row.key})
SET s.record = row.record
