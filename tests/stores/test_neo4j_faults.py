"""Neo4j dies in the middle of a load: the user sees one clear line (no driver retry chatter, nothing cut off),
and after a restart the same load completes the graph exactly (nothing missing, nothing doubled). Uses its own
server so that it can kill it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from scenegraph.base.settings import load_settings
from scenegraph.curation.synth import SynthSpec, write_synth
from scenegraph.stores.neo4j import Neo4jStore
from tests.conftest import neo4j_server, owner_rows, skip_or_fail

pytestmark = pytest.mark.neo4j


def test_crash_mid_load_is_one_line_then_reload_completes_exactly(tmp_path, synth_graph):
    data = tmp_path / "data"
    write_synth(SynthSpec(scenarios=1500, seed=11), data)  # the files behind synth_graph
    home = tmp_path / "neo4j"
    try:
        server = neo4j_server.Neo4jServer(home, heap="1g").start()
    except (neo4j_server.ServerError, OSError) as e:
        skip_or_fail(f"cannot start a Neo4j of our own: {e}")
    try:
        settings = load_settings(server.env()).neo4j
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")} | server.env()
        load = subprocess.Popen([sys.executable, "-m", "scenegraph", "load", str(data), "--batch-size", "1000"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        with Neo4jStore.connect(settings) as watcher:  # kill once relationships are being written
            while owner_rows(watcher, "MATCH ()-[r]->() RETURN count(r) AS n")[0][0] == 0:
                assert load.poll() is None, load.communicate()
                time.sleep(0.1)
        server.kill()  # SIGKILL: no clean shutdown, like a power cut
        killed = time.monotonic()
        out, err = load.communicate(timeout=300)
        assert load.returncode == 2 and time.monotonic() - killed < 60
        lines = err.strip().splitlines()
        assert len(lines) == 1, err  # no progress bar left half drawn, no driver retry warnings, no traceback
        line = lines[0]
        assert line.startswith(f"error: Neo4j at {settings.safe_uri} is unreachable: it stopped answering while "
                               "loading "), line
        assert line.endswith("run the same load again when it is back: it completes the graph exactly"), line
        assert settings.password.get_secret_value() not in out + err

        server.start()  # same home: Neo4j recovers what was committed
        with Neo4jStore.connect(settings) as store:
            partial = store.stats()
            assert 0 < partial.relationships < synth_graph.g.number_of_edges()
            report = store.load(synth_graph)
            assert report.nodes_created + partial.nodes == len(synth_graph)
            assert store.stats() == synth_graph.stats()
            dupes = owner_rows(
                store, "MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, r.at AS at, count(*) AS n WHERE n > 1 "
                "RETURN count(*) AS groups")
            assert dupes == [[0]]
            everything = store.subgraph(store.filter_nodes())
            assert sorted(everything.edges(), key=repr) == sorted(synth_graph.edges(), key=repr)
    finally:
        server.stop()
