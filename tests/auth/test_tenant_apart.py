"""Tenant data apart from the graph (issue 21, item 1): saved assessments, their enterprises, names, regions and
levels never come back from a read of the public graph, on either store, for any role, in any direction or hop
count; loads and imports refuse tenant labels and types; a release-2 Neo4j database's saves leave the graph.

Release 2 wrote saves as (:Enterprise:Entity)-[:ASSESSED]->(:Scenario) into the graph every explorer read walks,
so on Neo4j anyone signed in read enterprise A's answers on the node card (?id=ent_a), the network, the export
and `scenegraph export --store neo4j`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenegraph.assess import parse_assessment
from scenegraph.auth.access import LOCAL
from scenegraph.cli.main import main
from scenegraph.export import FORMATS, export
from scenegraph.graph.results import UnknownNode
from scenegraph.graph.schema import GRAPH_LABELS, GRAPH_RELATIONSHIPS, TENANT_LABELS, TENANT_RELATIONSHIPS
from scenegraph.stores import MemoryStore
from scenegraph.stores.files.assessments import AssessmentArchive
from tests.conftest import forget_neo4j_contents, load_into_neo4j

WHEN = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_the_graph_and_tenant_data_are_defined_apart():
    assert not GRAPH_LABELS & TENANT_LABELS and not GRAPH_RELATIONSHIPS & TENANT_RELATIONSHIPS
    assert "Enterprise" in TENANT_LABELS and "ASSESSED" in TENANT_RELATIONSHIPS


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, small_graph, tmp_path_factory):
    if request.param == "memory":
        yield MemoryStore(small_graph, AssessmentArchive(tmp_path_factory.mktemp("tenant") / "archive.json"))
        return
    yield load_into_neo4j(request.getfixturevalue("neo4j_store"), small_graph)
    forget_neo4j_contents()  # the saves stay in the database: the next test loads a clean one


def _every_graph_read(store, small_graph) -> str:
    """Everything the explorer and the exports read from the graph, as one text."""
    scenarios = small_graph.ids("Scenario")
    everything = store.filter_nodes()
    sub = store.subgraph(everything)
    seen: list = [store.stats(), everything, store.names(everything), store.sources(), store.release(),
                  store.matrix(), store.policy_lens(),
                  store.ordered("Stage"), store.factory_share(store.matrix())]
    for node in everything:
        seen.append(store.node(node))
        for hops in (1, 2, 3):
            seen.append(store.neighbourhood(node, hops))
    for sc in scenarios:
        seen.append(store.prerequisites(sc))
        for other in scenarios:
            seen.append(store.shortest_path(sc, other))
    seen += [list(sub.g.nodes(data=True)), list(sub.g.edges(data=True))]
    seen += [export(sub, fmt, "en").decode("utf-8", "replace") for fmt in FORMATS if fmt not in ("png",)]
    return json.dumps(seen, default=str, ensure_ascii=False)


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=6, max_size=10)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(firms=st.lists(st.tuples(names, st.integers(0, 5), st.integers(0, 5)), min_size=2, max_size=4,
                      unique_by=lambda f: f[0]))
def test_no_graph_read_returns_tenant_data(store, small_graph, firms):
    """Several enterprises save (names, regions and ids that appear nowhere in the graph); every graph read,
    searched for any of them, finds nothing, and no node or relationship of a tenant label or type comes back."""
    saved = []
    for n, (name, feed, measure) in enumerate(firms):
        ent = f"ent_t{name}"
        sheet = parse_assessment({"enterprise_id": ent, "name": f"firm{name}", "region": f"region{name}",
                                  "stages": ["smelting"], "at": WHEN + timedelta(minutes=n),
                                  "answers": {"sc_feed": feed, "sc_measure": measure}}, small_graph)
        store.save_assessment(LOCAL, sheet)
        saved.append((ent, f"firm{name}", f"region{name}"))
    text = _every_graph_read(store, small_graph)
    for ent, name, region in saved:
        assert ent not in text and name not in text and region not in text
        with pytest.raises(UnknownNode):
            store.node(ent)
        assert not store.search(ent) and not store.search(name) and not store.search(region)
        assert store.names([ent]) == {}
    stats = store.stats()
    assert set(stats.nodes_by_label) <= GRAPH_LABELS and set(stats.relationships_by_type) <= GRAPH_RELATIONSHIPS
    assert stats.nodes == small_graph.g.number_of_nodes()
    assert stats.relationships == small_graph.g.number_of_edges()


@pytest.mark.neo4j
def test_the_cli_export_of_neo4j_holds_no_save(neo4j_store, neo4j_settings, small_graph, monkeypatch, tmp_path):
    """`scenegraph export --store neo4j` needs no --user: it must hold the graph only."""
    load_into_neo4j(neo4j_store, small_graph)
    forget_neo4j_contents()
    neo4j_store.save_assessment(LOCAL, parse_assessment(
        {"enterprise_id": "ent_secretive", "name": "Secretive Ltd", "region": "Hidden Valley", "stages": ["smelting"],
         "at": WHEN, "answers": {"sc_feed": 4}}, small_graph))
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password.get_secret_value())
    for fmt, suffix in (("json", "json"), ("graphml", "graphml"), ("csv", "zip"), ("cypher", "cypher")):
        out = tmp_path / f"all.{suffix}"
        every_label = [arg for label in sorted(GRAPH_LABELS) for arg in ("--label", label)]
        assert main(["export", "-f", fmt, "-o", str(out), "--store", "neo4j", *every_label]) == 0
        data = out.read_bytes()
        assert b"ent_secretive" not in data and b"Secretive" not in data and b"Hidden Valley" not in data
    out = tmp_path / "around.json"
    assert main(["export", "-f", "json", "-o", str(out), "--store", "neo4j", "--id", "sc_feed", "--hops", "3"]) == 0
    assert b"ent_secretive" not in out.read_bytes()


@pytest.mark.neo4j
def test_a_release_2_database_moves_its_saves_out_of_the_graph(neo4j_store, neo4j_settings, small_graph):
    """Saves written by release 2 inside the graph become :Save nodes when the database is opened; the graph reads
    no longer see them, and the enterprise's history reads back whole."""
    import neo4j

    from scenegraph.stores.neo4j import Neo4jStore

    load_into_neo4j(neo4j_store, small_graph)
    forget_neo4j_contents()
    auth = (neo4j_settings.user, neo4j_settings.password.get_secret_value())
    with neo4j.GraphDatabase.driver(neo4j_settings.uri, auth=auth) as driver:  # the layout release 2 wrote
        driver.execute_query(
            "MATCH (st:Stage {id: 'smelting'}), (a:Scenario {id: 'sc_feed'}), (b:Scenario {id: 'sc_measure'}) "
            "CREATE (e:Enterprise:Entity {id: 'ent_legacy', name_zh: 'Legacy Co', name_en: 'Legacy Co', "
            "region: 'Old Town'}) "
            "CREATE (e)-[:OPERATES]->(st) "
            "CREATE (e)-[:ASSESSED {level: 2, at: $t1}]->(a), (e)-[:ASSESSED {level: 1, at: $t1}]->(b) "
            "CREATE (e)-[:ASSESSED {level: 3, at: $t2}]->(a)",
            t1=WHEN, t2=WHEN + timedelta(days=30), database_=neo4j_settings.database)
    with Neo4jStore.connect(neo4j_settings) as store:  # opening it moves the saves out
        with pytest.raises(UnknownNode):
            store.node("ent_legacy")
        assert "Enterprise" not in store.stats().nodes_by_label
        assert "ASSESSED" not in store.stats().relationships_by_type
        history = store.assessments(LOCAL, "ent_legacy")
        assert [(s.at, s.answers) for s in history] == [(WHEN, 2), (WHEN + timedelta(days=30), 1)]
        first = store.load_assessment(LOCAL, "ent_legacy", WHEN)
        assert first.answers == {"sc_feed": 2, "sc_measure": 1}
        assert (first.name, first.region, first.stages) == ("Legacy Co", "Old Town", ["smelting"])
        assert store.tenant_schema() == 0  # once per connection, and nothing left to move


@pytest.mark.neo4j
def test_a_load_never_touches_saves_and_the_observatory_agrees(neo4j_store, small_graph, small_copy):
    """A curator's load (also --replace) keeps every save as it was and adds none; the observatory's pooled counts
    still equal a scan of the saves."""
    from scenegraph.auth.access import Principal, Role
    from scenegraph.dataset.loader import load_graph
    from scenegraph.stores.compose import raw_observatory_of

    planner = Principal("plan", frozenset({Role.PLANNER}), frozenset())
    store = load_into_neo4j(neo4j_store, small_graph)
    forget_neo4j_contents()
    for n in range(3):
        store.save_assessment(LOCAL, parse_assessment(
            {"enterprise_id": f"ent_load{n}", "name": f"L{n}", "stages": ["smelting"], "at": WHEN,
             "answers": {"sc_feed": n + 1}}, small_graph))
    before = store.assessments(LOCAL)
    store.load(load_graph(small_copy))
    store.load(load_graph(small_copy), replace=True)
    assert store.assessments(LOCAL) == before
    observatory = raw_observatory_of(store)  # the counts kept at save time, before the publisher's rules
    assert observatory.level_counts(planner) == observatory.scan_counts(planner)  # type: ignore[attr-defined]


def test_an_import_refuses_an_enterprise_and_its_saves(small_graph, tmp_path, capsys):
    """`scenegraph import` (and so `import --store neo4j`) validates like data files: a node-link JSON carrying a
    release-2 enterprise and ASSESSED answers is refused with one line per row, and nothing is written."""
    doc = json.loads(export(small_graph, "json"))
    doc["nodes"].append({"id": "ent_smuggled", "label": "Enterprise", "name_zh": "走私", "name_en": "Smuggled",
                         "illustrative": True})
    doc["links"].append({"from": "ent_smuggled", "to": "sc_feed", "type": "ASSESSED", "level": 5,
                         "at": "2026-01-01T00:00:00+00:00"})
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["import", str(path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "'Enterprise' is tenant data" in err and "'ASSESSED' is tenant data" in err
    assert not (tmp_path / "out").exists()
