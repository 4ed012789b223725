"""The UI's Cypher console: reads run with a timeout and a row cap; everything else is refused, unchanged. (What a
read may reach, the graph only, is tried in test_cypher_guard.py.)"""

from __future__ import annotations

import pytest

from scenegraph.stores import QueryRefused, StoreError
from tests.conftest import load_into_neo4j

pytestmark = pytest.mark.neo4j


@pytest.fixture
def store(neo4j_store, small_graph):
    store = load_into_neo4j(neo4j_store, small_graph)
    before = store.stats()
    yield store
    assert store.stats() == before, "a console query changed the database"


def test_a_read_returns_columns_and_rows(store):
    result = store.run_readonly("MATCH (s:Scenario) WHERE s.level >= $lvl RETURN s.id AS id, s.level AS level "
                                "ORDER BY id", {"lvl": 4})
    assert result.columns == ["id", "level"]
    assert result.rows == [["sc_digest", 4], ["sc_feed", 4], ["sc_twin", 5]]
    assert not result.truncated


def test_nodes_relationships_and_paths_come_back_as_plain_values(store):
    result = store.run_readonly("MATCH p = (a:Scenario {id: 'sc_feed'})-[r:DEPENDS_ON]->(b) RETURN a, r, p")
    a, r, p = result.rows[0]
    assert a["labels"] == ["Scenario"] and a["id"] == "sc_feed"
    assert r == {"type": "DEPENDS_ON", "from": "sc_feed", "to": "sc_measure", "strength": "hard"}
    assert [n["id"] for n in p["nodes"]] == ["sc_feed", "sc_measure"]


def test_row_cap(store):
    result = store.run_readonly("UNWIND range(1, 500) AS x RETURN x", row_cap=100)
    assert len(result.rows) == 100 and result.truncated


def test_timeout(store):
    with pytest.raises(StoreError, match="took too long"):
        store.run_readonly("UNWIND range(1, 200000000) AS x WITH x WHERE x % 7 = 3 RETURN count(*)", timeout=0.5)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("CREATE (n:Scenario {id: 'sc_evil'})", "read-only: this query would write"),
        ("MATCH (n:Scenario {id: 'sc_feed'}) SET n.level = 1", "read-only"),
        ("MATCH (n) DETACH DELETE n", "read-only"),
        ("MERGE (n:KPI {id: 'kpi_evil'}) RETURN n", "read-only"),
        ("MATCH (a:Scenario), (b:KPI) CREATE (a)-[:IMPROVES]->(b)", "read-only"),
        ("CREATE INDEX evil IF NOT EXISTS FOR (n:Scenario) ON (n.name_en)", "read-only"),
        ("DROP CONSTRAINT scenario_id", "read-only: schema"),
        ("CREATE USER mallory SET PASSWORD 'abcdefgh12'", "read-only"),
        ("SHOW USERS", "read-only"),
        ("CALL dbms.components()", "not allowed"),
        ("CALL dbms.listConfig()", "not allowed"),
        ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD CSV"),
        ("CALL { MATCH (n) RETURN count(n) AS c } IN TRANSACTIONS RETURN c", "IN TRANSACTIONS"),
        ("UNWIND [1] AS x CALL (x) { CREATE (:Scenario {id: 'sc_x' + x}) } IN TRANSACTIONS", "IN TRANSACTIONS"),
        ("PROFILE MATCH (n) RETURN n", "EXPLAIN / PROFILE"),
        ("   ", "empty"),
        ("MATCH (n RETURN n", "cannot run"),
    ],
)
def test_refused_and_nothing_changes(store, text, why):
    with pytest.raises(QueryRefused, match=why):
        store.run_readonly(text)
