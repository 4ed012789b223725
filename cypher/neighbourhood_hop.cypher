// One hop of the neighbourhood walk (stores/neo4j/reads.py runs one per hop, as ScenarioGraph.neighbourhood
// does): the distinct nodes one relationship away from the frontier, either direction, each as [id, label, hub]
// where hub says (unless this is the last hop) that it has more than $hub relationships: reached, not walked
// through. A frontier expansion touches each node once per hop, where a variable-length pattern enumerated every
// path; the answer is one row holding one list (a record per node costs the driver more than the query).
UNWIND $frontier AS fid
MATCH (:Entity {id: fid})--(m:Entity)
WITH DISTINCT m
RETURN collect([m.id, [l IN labels(m) WHERE l <> 'Entity'][0],
                CASE WHEN $last THEN false ELSE COUNT { (m)--() } > $hub END]) AS nodes
