"""Neo4j through the official driver, one module per concept:

- connection.py  the driver, opened from checked settings (scenegraph.base.settings.Neo4jSettings), closed by its owner
- errors.py      driver errors -> the stores' errors: one line, no password, no retry chatter
- load.py        schema and the online loader (batched, idempotent; any server)
- reads.py       read queries pushed down to Cypher
- assessments.py the assessment repository (access rules pushed down as $enterprises)
- console.py     the read-only console
- observatory.py the observatory repository (counting pushed down to Cypher; only counts come back)
- values.py      driver values as plain Python

Every query is a named file in cypher/ (see stores/queries.py) and every value a parameter.
"""

from scenegraph.base.settings import Neo4jSettings
from scenegraph.stores.neo4j.console import ConsoleResult
from scenegraph.stores.neo4j.store import Neo4jStore

__all__ = ["ConsoleResult", "Neo4jSettings", "Neo4jStore"]
