// Both names of each given id that exists.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.name_zh AS name_zh, n.name_en AS name_en
