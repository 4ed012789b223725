"""`scenegraph load --bulk`: the export's neo4j-admin CSV, Neo4j's offline importer into a local database home,
the server started again on it (same port, same password) with the schema; and the automatic choice of it for an
empty local database. Uses a server of its own, since the import stops it."""

from __future__ import annotations

import dataclasses
import re
import time
from datetime import datetime
from pathlib import Path

import pytest

from scenegraph.base.errors import StoreError
from scenegraph.base.limits import LIMITS
from scenegraph.base.settings import load_settings
from scenegraph.cli import data as cli_data
from scenegraph.cli.main import main
from scenegraph.stores.neo4j import Neo4jStore
from scenegraph.stores.neo4j import bulk as bulk_module
from scenegraph.stores.neo4j.bulk import bulk_load
from scenegraph.stores.neo4j.values import native, utc
from tests.conftest import forget_neo4j_contents, load_into_neo4j, neo4j_server, owner_rows, skip_or_fail

from .test_neo4j_load import graph_snapshot, snapshot

pytestmark = pytest.mark.neo4j


@pytest.fixture
def own_server(tmp_path, monkeypatch):
    home = tmp_path / "neo4j"
    try:
        server = neo4j_server.start_detached(home, heap="1g")
    except (neo4j_server.ServerError, OSError) as e:
        skip_or_fail(f"cannot start a Neo4j of our own: {e}")
    try:
        for key, value in server.env().items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("NEO4J_HOME", raising=False)
        yield home, load_settings(server.env()).neo4j
    finally:
        neo4j_server.stop_detached(home)


def test_bulk_import_loads_exactly_then_serves_on_the_same_address(own_server, shipped, capsys):
    home, settings = own_server
    assert main(["load", "--bulk", "--home", str(home)]) == 0
    out = capsys.readouterr().out
    assert "bulk import (asked for with --bulk): writing the neo4j-admin CSV" in out
    # the server stopped for the import was started by this process but stopped through bulk.py's own copy of
    # tools/neo4j/server.py: its exit is seen (not waited out to the kill timeout as a zombie)
    assert float(re.search(r"server stop (\d+\.\d) s", out).group(1)) < 15
    assert (f"loaded {len(shipped):,} nodes and {shipped.g.number_of_edges():,} relationships into "
            f"{settings.safe_uri} by bulk import") in out
    assert "neo4j-admin import" in out and settings.password.get_secret_value() not in out
    with Neo4jStore.connect(settings) as store:  # the same port and password as before the import
        nodes, edges = snapshot(store)
        want_nodes, want_edges = graph_snapshot(shipped)
        assert {n: (p["label"], p["name_zh"], p["name_en"]) for n, p in nodes.items()} == {
            n: (p["label"], p["name_zh"], p["name_en"]) for n, p in want_nodes.items()}
        assert [(u, v, t) for u, v, t, _ in edges] == [(u, v, t) for u, v, t, _ in want_edges]
        assert store.stats() == shipped.stats()
        assert store.sources() == shipped.sources
        for text in ("电解", "anode effect", "AE", "alumina"):
            assert store.search(text, limit=20) == shipped.search(text, limit=20), text
        schema = {name for name, in owner_rows(store, "SHOW INDEXES YIELD name, labelsOrTypes "
                                                      "WHERE any(l IN labelsOrTypes WHERE l IN ['Entity', 'Source']) "
                                                      "RETURN name")}
        assert schema == {"entity_id", "source_key", *(f"entity_sk_{k}" for k in ("id", "names", "desc", "nterms",
                                                                                 "dterms"))}


def test_a_loaded_server_exits_within_15_s_of_sigterm(own_server, small_graph):
    """The JVM is gone, and known to be gone, well before the stop's safety net: the stop used to wait its whole
    60 s (then SIGKILL) for a JVM that had exited 12 s after SIGTERM but stayed a zombie of the process that started
    it, which `kill -0` still finds; and 10 of those 12 s were Bolt's two 5 s Netty quiet periods."""
    home, settings = own_server
    with Neo4jStore.connect(settings) as store:
        store.load(small_graph)
        assert store.stats() == small_graph.stats()
    pid = neo4j_server.running(home)["pid"]
    started = time.monotonic()
    neo4j_server.stop_detached(home)
    assert time.monotonic() - started < 15
    if Path("/proc/self").exists():
        assert not Path(f"/proc/{pid}").exists()  # exited and reaped, not a zombie left behind
    assert neo4j_server.running(home) is None and not (home / "state.json").exists()
    log = (home / "logs" / "debug.log").read_text()
    assert "Bolt server has been shut down" in log.split("Shutdown started")[-1]  # a clean shutdown, not a kill


def test_an_empty_local_database_is_bulk_imported_by_itself_from_the_benched_size_on(own_server, shipped,
                                                                                    monkeypatch, capsys):
    """The rule `scenegraph load` picks by, said before the load: online below LIMITS.bulk_min_relationships
    (bench/neo4j_choice.py: a small graph loads online in a fraction of the bulk path's JVM start and restart),
    the offline importer from it on, and online again into a database that is not empty."""
    home, settings = own_server
    monkeypatch.setenv("NEO4J_HOME", str(home))
    rels = shipped.g.number_of_edges()
    monkeypatch.setattr(cli_data, "LIMITS", dataclasses.replace(LIMITS, bulk_min_relationships=rels + 1))
    assert main(["load"]) == 0
    out = capsys.readouterr().out
    assert (f"online load (the database is empty but the graph has {rels:,} relationships, fewer than the "
            f"{rels + 1:,} from which the offline importer is faster") in out
    assert "by bulk import" not in out and f"{len(shipped):,} nodes and {rels:,} relationships created" in out
    with Neo4jStore.connect(settings) as store:
        store.clear()
    monkeypatch.setattr(cli_data, "LIMITS", dataclasses.replace(LIMITS, bulk_min_relationships=rels))
    assert main(["load"]) == 0
    out = capsys.readouterr().out
    assert (f"bulk import (the database at {settings.safe_uri} is empty, its home {home} is on this machine and "
            f"the graph has {rels:,} relationships, at least {rels:,} (--online forces the online loader))") in out
    assert "by bulk import" in out
    assert main(["load"]) == 0  # not empty now: the online loader, which finds nothing to add
    out = capsys.readouterr().out
    assert f"online load (the database at {settings.safe_uri} is not empty (the offline importer replaces it))" in out
    assert "bulk import" not in out and "0 nodes and 0 relationships created" in out
    with Neo4jStore.connect(settings) as store:
        assert store.stats() == shipped.stats()


def test_bulk_without_a_home_is_one_clear_line(monkeypatch, capsys):
    monkeypatch.delenv("NEO4J_HOME", raising=False)
    assert main(["load", "--bulk"]) == 2
    assert capsys.readouterr().err.strip() == ("error: --bulk imports offline into a local database home: give "
                                               "--home DIR or set NEO4J_HOME")


def dump(store) -> tuple[dict, list]:
    """Everything a database holds, exactly: each node's labels and properties (search keys included) by id (or
    key), each relationship's ends, type and properties."""
    nodes = {}
    for r in store.read("dump_nodes"):
        props = native(r["props"])
        nodes[(tuple(sorted(r["labels"])), props.get("id", props.get("key")))] = props
    rels = sorted(((r["src"], r["dst"], r["type"], native(r["props"])) for r in store.read("dump_relationships")),
                  key=lambda e: (*e[:3], sorted((k, str(utc(v)) if isinstance(v, datetime) else repr(v))
                                                for k, v in e[3].items())))
    return nodes, rels


def test_bulk_import_is_property_for_property_the_online_load(own_server, neo4j_store, shipped, synth_graph,
                                                              monkeypatch):
    """Both ways of loading give the same database: every node's labels and properties with their types (lists,
    integers against floats, absent against empty), every relationship's type and properties; the shipped data
    (aliases, sources, release), its files written by this process, and a synthetic graph (assessment history
    with times), its files cut small and written by forked processes, as a large graph's are."""
    home, settings = own_server
    for graph in (shipped, synth_graph):
        if graph is synth_graph:
            monkeypatch.setattr(bulk_module, "ROWS_PER_TABLE", max(8, graph.relationship_count // 7))
            monkeypatch.setattr(bulk_module, "_PARALLEL_FROM", 0)
        neo4j_store.clear()  # nothing but this graph (other tests leave users and assessments behind)
        forget_neo4j_contents()
        load_into_neo4j(neo4j_store, graph)
        online_nodes, online_rels = dump(neo4j_store)
        report = bulk_load(graph, home, settings)
        texts = ("电解", "alumina", "anode effect", "AE", "a", *(graph.g.nodes[n].get("name_en", "") for n in
                                                                list(graph.g.nodes)[:: max(1, len(graph) // 5)]))
        online_search = {t: neo4j_store.search(t, limit=20) for t in texts}
        with Neo4jStore.connect(report.settings) as store:
            bulk_nodes, bulk_rels = dump(store)
            assert {t: store.search(t, limit=20) for t in texts} == online_search  # search keys work on both
        assert bulk_nodes.keys() == online_nodes.keys()
        differ = {k: (online_nodes[k], bulk_nodes[k]) for k in online_nodes if online_nodes[k] != bulk_nodes[k]}
        assert not differ, f"{len(differ)} nodes differ: {how(differ.values())}, e.g. {next(iter(differ.items()))}"
        assert len(bulk_rels) == len(online_rels) == graph.relationship_count
        differ_rels = [(a, b) for a, b in zip(online_rels, bulk_rels, strict=True) if a != b]
        kinds = how((a[3], b[3]) for a, b in differ_rels)
        assert not differ_rels, f"{len(differ_rels)} relationships differ: {kinds}, e.g. {differ_rels[0]}"


def how(pairs) -> set[tuple[str, str, str]]:
    """What differs between online and bulk properties: (property, online type, bulk type)."""
    out = set()
    for online, bulk in pairs:
        for k in online.keys() | bulk.keys():
            a, b = online.get(k), bulk.get(k)
            if a != b or type(a) is not type(b):
                out.add((k, type(a).__name__ if k in online else "absent", type(b).__name__ if k in bulk else "absent"))
    return out


@pytest.mark.parametrize("tenant", ["(:Save {enterprise_id: 'ent_a', at: datetime()})",
                                    "(:Enterprise:Entity {id: 'ent_release2', name_zh: '二'})"])
def test_bulk_import_refuses_a_database_holding_tenant_data_and_leaves_it_as_it_was(own_server, small_graph,
                                                                                      tenant):
    """A bulk import replaces the whole database: over an enterprise's saves, or a release-2 database's enterprise
    nodes not yet moved out (the count's connection no longer moves them first), it refuses in one line and the
    server keeps serving them."""
    home, settings = own_server
    with Neo4jStore.connect(settings, tenant=False) as store:
        owner_rows(store, f"CREATE {tenant}")
    with pytest.raises(StoreError, match="holds 1 accounts, saved assessments or their summaries"):
        bulk_load(small_graph, home, settings)
    with Neo4jStore.connect(settings, tenant=False) as store:
        assert store.tenant_data_count() == 1
