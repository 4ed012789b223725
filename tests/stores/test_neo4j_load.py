"""Loading into a real Neo4j: schema, idempotence, --replace, clear errors."""

from __future__ import annotations

import pytest

from scenegraph.base.settings import Neo4jSettings
from scenegraph.dataset.loader import load_graph
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import LABELS
from scenegraph.stores import StoreAuthError, StoreMisconfigured, StoreUnavailable
from scenegraph.stores.neo4j import Neo4jStore
from tests.conftest import FIXTURES, forget_neo4j_contents, neo4j_server, owner_rows

pytestmark = pytest.mark.neo4j


def snapshot(store) -> tuple[dict, list]:
    """Everything in the database, comparable: nodes with properties, relationships with properties."""
    everything = store.subgraph(store.filter_nodes())
    nodes = {n: everything.node(n) for n in everything.ids()}
    return nodes, sorted(everything.edges(), key=repr)


def graph_snapshot(graph: ScenarioGraph) -> tuple[dict, list]:
    return {n: dict(graph.node(n)) for n in graph.ids()}, sorted(graph.edges(), key=repr)


@pytest.fixture
def fresh(neo4j_store):
    neo4j_store.clear()
    forget_neo4j_contents()
    yield neo4j_store
    forget_neo4j_contents()


def test_schema_is_applied_idempotently(fresh):
    fresh.apply_schema()
    fresh.apply_schema()
    rows = owner_rows(fresh, "SHOW CONSTRAINTS YIELD labelsOrTypes, properties RETURN labelsOrTypes[0] AS label, "
                             "properties[0] AS p")
    graph_labels = {"Entity", *LABELS}  # other id constraints (the observatory's ObsAggregate) are not the graph's
    assert [label for label, p in rows if p == "id" and label in graph_labels] == ["Entity"]  # one holds every id
    assert ["Source", "key"] in rows
    idx = owner_rows(fresh, "SHOW INDEXES YIELD name, type, labelsOrTypes WHERE 'Entity' IN labelsOrTypes "
                            "RETURN name, type ORDER BY name")
    assert idx == [["entity_id", "RANGE"], *([f"entity_sk_{k}", "TEXT"] for k in ("desc", "dterms", "id", "names",
                                                                                  "nterms"))]


def test_applying_the_schema_drops_what_older_versions_made(fresh):
    """A database loaded by an older version holds a per-label id constraint and a full-text index nothing reads:
    applying the schema drops them (their population cost a bulk load at 1M about 4 s)."""
    owner_rows(fresh, "CREATE CONSTRAINT scenario_id IF NOT EXISTS FOR (n:Scenario) REQUIRE n.id IS UNIQUE")
    owner_rows(fresh, "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name_zh, n.name_en]")
    fresh.apply_schema()
    names = [r[0] for r in owner_rows(fresh, "SHOW INDEXES YIELD name RETURN name")]
    assert "scenario_id" not in names and "entity_names" not in names and "entity_id" in names


def test_load_is_complete_and_idempotent(fresh, shipped):
    first = fresh.load(shipped)
    assert first.nodes_created == len(shipped) and first.relationships_created == shipped.g.number_of_edges()
    assert snapshot(fresh) == graph_snapshot(shipped)
    second = fresh.load(shipped)
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    assert second.counters.get("nodes_deleted", 0) == 0 and second.counters.get("relationships_deleted", 0) == 0
    assert snapshot(fresh) == graph_snapshot(shipped)


def test_progress_is_reported(fresh, small_graph):
    seen = []
    fresh.batch_size = 3
    try:
        fresh.load(small_graph, progress=lambda done, total, what: seen.append((done, total, what)))
    finally:
        fresh.batch_size = 20_000
    total = len(small_graph) + small_graph.g.number_of_edges()
    assert seen[-1][:2] == (total, total)
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen) and len(seen) > 5
    assert {"Scenario", "DEPENDS_ON"} <= {w for _, _, w in seen}


def test_concurrent_first_load_writes_each_relationship_once(fresh, shipped):
    """A first load's relationship batches run on several sessions at once (cut where the start node changes):
    small batches on four sessions, so batches sharing end nodes run together, still give the graph exactly, with
    each relationship once, and the counters add up."""
    fresh.batch_size, fresh.load_workers = 7, 4
    try:
        report = fresh.load(shipped)
    finally:
        fresh.batch_size, fresh.load_workers = 20_000, 2
    assert report.relationships_created == shipped.g.number_of_edges()
    assert snapshot(fresh) == graph_snapshot(shipped)


def test_batches_never_share_a_start_node():
    from scenegraph.stores.neo4j.load import _by_start
    rows = [[s, f"e{i}"] for i, s in enumerate("aaabbbbbcdddddde")]
    batches = list(_by_start(rows, 3))
    assert [r for b in batches for r in b] == rows
    starts = [{r[0] for r in b} for b in batches]
    assert all(not (x & y) for i, x in enumerate(starts) for y in starts[i + 1:])
    assert all(len(b) >= 3 for b in batches[:-1])


def test_a_batch_names_each_end_once_and_its_rows_by_position():
    from scenegraph.stores.neo4j.load import _by_position, _prepared
    batch = [["a", "x", {"p": 1}], ["a", "y", {"p": 2}], ["b", "x", {"p": 3}]]
    ends, rows = _by_position(batch)
    assert sorted(ends) == ["a", "b", "x", "y"] and len(set(ends)) == len(ends)
    assert [[ends[i], ends[j], p] for i, j, p in rows] == batch
    ends, rows = _by_position([["b", "a"], ["a", "b"]])
    assert [[ends[i], ends[j]] for i, j in rows] == [["b", "a"], ["a", "b"]]
    prepared = _prepared({"R": [["b", "x"], ["a", "y"], ["a", "x"]]}, 2)["R"]
    assert [[e[i], e[j]] for e, rs in prepared for i, j in rs] == [["a", "y"], ["a", "x"], ["b", "x"]]


def test_replace_removes_what_the_data_no_longer_has(fresh, small_copy):
    fresh.load(load_graph(FIXTURES / "small"))
    text = (small_copy / "scenarios.yaml").read_text(encoding="utf-8")
    # sc_twin goes, sc_feed loses its model, sc_digest's level changes
    start = text.index("- id: sc_twin")
    end = text.index("- id: sc_digest")
    text = text[:start] + text[end:]
    text = text.replace("  uses_model: [mt_soft]\n", "").replace("  level: 4\n  importance: 4\n", "  level: 3\n"
                                                                                                    "  importance: 4\n")
    (small_copy / "scenarios.yaml").write_text(text, encoding="utf-8")
    changed = load_graph(small_copy)

    kept = fresh.load(changed)  # without --replace nothing is removed
    assert "sc_twin" in fresh.filter_nodes(labels=["Scenario"])
    assert kept.nodes_created == 0

    report = fresh.load(changed, replace=True)
    assert report.nodes_deleted == 1 and report.relationships_deleted >= 1
    assert snapshot(fresh) == graph_snapshot(changed)
    assert fresh.node("sc_digest")["level"] == 3


def test_unreachable_server_is_one_clear_line():
    port = neo4j_server.free_port()
    settings = Neo4jSettings(f"bolt://127.0.0.1:{port}", "neo4j", "s3cret-do-not-print")
    with pytest.raises(StoreUnavailable) as caught:
        Neo4jStore.connect(settings, retry_seconds=0.5)
    message = str(caught.value)
    assert f"Neo4j at bolt://127.0.0.1:{port} is unreachable" in message
    assert "\n" not in message and "s3cret-do-not-print" not in message


def test_credentials_in_the_uri_never_show(neo4j_settings):
    port = neo4j_server.free_port()
    settings = Neo4jSettings(f"bolt://neo4j:s3cret-do-not-print@127.0.0.1:{port}", "neo4j", "x")
    assert settings.safe_uri == f"bolt://127.0.0.1:{port}"
    assert "s3cret" not in repr(settings) and "password" not in repr(settings)


def test_wrong_password_is_one_clear_line(neo4j_settings):
    settings = Neo4jSettings(neo4j_settings.uri, neo4j_settings.user, "wrong-password-do-not-print")
    with pytest.raises(StoreAuthError) as caught:
        Neo4jStore.connect(settings)
    message = str(caught.value)
    assert message == f"Neo4j at {neo4j_settings.safe_uri} refused the credentials of user '{settings.user}'"
    assert "wrong-password" not in message


def test_malformed_uri_is_one_clear_line_without_the_password():
    settings = Neo4jSettings("ftp://neo4j:s3cret-do-not-print@127.0.0.1:7474", "neo4j", "pw")
    with pytest.raises(StoreMisconfigured) as caught:
        Neo4jStore.connect(settings)
    assert "scheme 'ftp'" in str(caught.value) and "s3cret" not in str(caught.value)
