"""Neo4j dies in the middle of a load: the error is clear, and after a restart the same load completes the
graph exactly (nothing missing, nothing doubled). Uses its own server so that it can kill it."""

from __future__ import annotations

import pytest

from scenegraph.settings import load_settings
from scenegraph.stores import StoreError
from scenegraph.stores.neo4j import Neo4jStore

from .conftest import neo4j_server, skip_or_fail

pytestmark = pytest.mark.neo4j


class Killed(Exception):
    pass


def test_crash_mid_load_then_reload_completes_exactly(tmp_path, synth_graph):
    home = tmp_path / "neo4j"
    try:
        server = neo4j_server.Neo4jServer(home, heap="1g").start()
    except (neo4j_server.ServerError, OSError) as e:
        skip_or_fail(f"cannot start a Neo4j of our own: {e}")
    try:
        settings = load_settings(server.env()).neo4j
        total = len(synth_graph) + synth_graph.g.number_of_edges()
        store = Neo4jStore.connect(settings, batch_size=1000, retry_seconds=1.0)

        def crash_at_40_percent(done: int, _total: int, _what: str) -> None:
            if done > 0.4 * total and server.proc is not None:
                server.kill()  # SIGKILL: no clean shutdown, like a power cut

        with pytest.raises(StoreError) as caught:
            store.load(synth_graph, progress=crash_at_40_percent)
        message = str(caught.value)
        assert "unreachable" in message and settings.safe_uri in message and "\n" not in message
        assert settings.password.get_secret_value() not in message
        store.close()

        server.start()  # same home: Neo4j recovers what was committed
        with Neo4jStore.connect(settings) as store:
            partial = store.stats()
            assert 0 < partial.relationships < synth_graph.g.number_of_edges()
            report = store.load(synth_graph)
            assert report.nodes_created + partial.nodes == len(synth_graph)
            assert store.stats() == synth_graph.stats()
            dupes = store.run_readonly(
                "MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, r.at AS at, count(*) AS n WHERE n > 1 "
                "RETURN count(*) AS groups").rows
            assert dupes == [[0]]
            everything = store.subgraph(store.filter_nodes())
            assert sorted(everything.edges(), key=repr) == sorted(synth_graph.edges(), key=repr)
    finally:
        server.stop()
