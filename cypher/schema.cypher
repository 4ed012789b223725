// Constraints and indexes, applied idempotently (IF NOT EXISTS). Statements are separated by ";".
// Every node carries :Entity plus its own label; ids are unique across the whole graph, as in data/, so one
// constraint on :Entity holds them and serves every lookup by id: queries match (n:Entity {id: ...}) and check
// the label apart (WHERE n:Scenario), which the planner turns into a unique index seek.
// (Older versions gave each label its own id constraint too: a second index entry per node, 1-2 s of a bulk load
// at 1M relationships; cypher/schema_retired.cypher drops them from older databases.)
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
// The bibliographic records (data/sources.yaml), one node per key, outside :Entity (they are not graph nodes).
CREATE CONSTRAINT source_key IF NOT EXISTS FOR (s:Source) REQUIRE s.key IS UNIQUE
