// Constraints and indexes older versions made and nothing uses any more, dropped when the schema is applied
// (idempotent: IF EXISTS). Not part of the Cypher export, which builds a database from nothing.
// The per-label id constraints: the :Entity id constraint (cypher/schema.cypher) already holds every id.
DROP CONSTRAINT stage_id IF EXISTS;
DROP CONSTRAINT process_id IF EXISTS;
DROP CONSTRAINT domain_id IF EXISTS;
DROP CONSTRAINT reference_scenario_id IF EXISTS;
DROP CONSTRAINT scenario_id IF EXISTS;
DROP CONSTRAINT ai_model_id IF EXISTS;
DROP CONSTRAINT technology_id IF EXISTS;
DROP CONSTRAINT kpi_id IF EXISTS;
DROP CONSTRAINT fact_id IF EXISTS;
DROP CONSTRAINT target_id IF EXISTS;
DROP CONSTRAINT requirement_id IF EXISTS;
DROP CONSTRAINT factory_id IF EXISTS;
// The CJK full-text index over the names: the search reads the text indexes on the search keys
// (cypher/search.cypher) and nothing read this one; populating it took about 2.4 s of a bulk load at 1M.
DROP INDEX entity_names IF EXISTS
