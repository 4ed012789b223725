"""Neo4j answers exactly as the embedded store on the shipped data and on a synthetic graph."""

from __future__ import annotations

import random

import pytest

from scenegraph.stores import MemoryStore
from tests.conftest import load_into_neo4j

pytestmark = pytest.mark.neo4j


@pytest.fixture(params=["shipped", "synth_graph"])
def pair(request, neo4j_store):
    graph = request.getfixturevalue(request.param)
    return graph, MemoryStore(graph), load_into_neo4j(neo4j_store, graph)


def sample(ids: list[str], k: int, seed: int = 5) -> list[str]:
    return random.Random(seed).sample(ids, min(k, len(ids)))


def test_stats(pair):
    _, mem, neo = pair
    assert neo.stats() == mem.stats()


def test_nodes_and_their_properties(pair):
    graph, mem, neo = pair
    for n in sample(graph.ids(), 40):
        assert neo.node(n) == mem.node(n)


@pytest.mark.parametrize(
    "text", ["电解", "阳极效应", "alumina", "Control", "sc_x_", "数字孪生", "red mud", "1", "xyz-none"]
)
def test_search(pair, text):
    _, mem, neo = pair
    assert neo.search(text, limit=50) == mem.search(text, limit=50)
    assert neo.search(text, labels=["Scenario", "KPI"], limit=None) == mem.search(text, labels=["Scenario", "KPI"],
                                                                                   limit=None)


def test_filters(pair):
    graph, mem, neo = pair
    stages, domains = graph.ordered("Stage"), graph.ordered("Domain")
    cases = [
        {"labels": ["Scenario"]},
        {"labels": ["Scenario"], "stages": stages[3:5]},
        {"stages": stages[6:7]},
        {"domains": domains[4:6]},
        {"labels": ["Scenario"], "levels": [4, 5], "domains": domains[:9]},
        {"labels": ["Process", "Factory"], "stages": stages[:8]},
    ]
    for case in cases:
        assert neo.filter_nodes(**case) == mem.filter_nodes(**case), case


def test_neighbourhoods(pair):
    graph, mem, neo = pair
    for n in sample(graph.ids("Scenario"), 8) + sample(graph.ids("Stage"), 3):
        for hops in (1, 2):
            assert neo.neighbourhood(n, hops) == mem.neighbourhood(n, hops), (n, hops)
        assert neo.neighbourhood(n, 2, labels=["KPI", "Target"]) == mem.neighbourhood(n, 2, labels=["KPI", "Target"])


def test_paths_have_the_same_length_and_are_real_paths(pair):
    graph, mem, neo = pair
    nodes = graph.ids()
    rng = random.Random(9)
    for _ in range(12):
        a, b = rng.choice(nodes), rng.choice(nodes)
        for avoid in ((), ("Domain", "Technology", "AIModel")):
            p_mem, p_neo = mem.shortest_path(a, b, avoid), neo.shortest_path(a, b, avoid)
            assert (p_mem is None) == (p_neo is None), (a, b, avoid)
            if p_neo is None:
                continue
            # ties may break differently; the length and validity may not
            assert len(p_neo) == len(p_mem)
            assert (p_neo[0], p_neo[-1]) == (a, b)
            for x, y in zip(p_neo, p_neo[1:], strict=False):
                assert graph.g.has_edge(x, y) or graph.g.has_edge(y, x)
            assert not any(graph.label(n) in avoid for n in p_neo[1:-1])


def test_subgraph(pair):
    graph, mem, neo = pair
    ids = sample(graph.ids(), 60, seed=3)
    a, b = mem.subgraph(ids), neo.subgraph(ids)
    assert sorted(a.ids()) == sorted(b.ids())
    assert {n: a.node(n) for n in a.ids()} == {n: b.node(n) for n in b.ids()}
    assert sorted(a.edges(), key=repr) == sorted(b.edges(), key=repr)


def test_matrix(pair):
    graph, mem, neo = pair
    assert neo.matrix() == mem.matrix()
    some = sample(graph.ids("Scenario"), 25)
    assert neo.matrix(some) == mem.matrix(some)


def test_policy_lens(pair):
    graph, mem, neo = pair
    assert neo.policy_lens() == mem.policy_lens()
    target = graph.ids("Target")[0]
    assert neo.policy_lens(target) == mem.policy_lens(target)


def test_prerequisites(pair):
    graph, mem, neo = pair
    for sc in sample(graph.ids("Scenario"), 30, seed=1):
        for hard in (False, True):
            assert neo.prerequisites(sc, hard) == mem.prerequisites(sc, hard), (sc, hard)


def test_what_pages_show_comes_from_the_store(pair):
    """Names, ordered ids, source records, the map's factory share and the questionnaire: the same on both."""
    graph, mem, neo = pair
    some = sample(graph.ids(), 60) + ["no_such_id"]
    assert neo.names(some) == mem.names(some) and "no_such_id" not in neo.names(some)
    for label in ("Stage", "Domain", "Factory", "Target"):
        assert neo.ordered(label) == mem.ordered(label), label
    assert neo.sources() == mem.sources()
    keys = sample(sorted(graph.sources), 5) + ["no_such_key"]
    assert neo.sources(keys) == mem.sources(keys)
    matrix = mem.matrix()
    assert neo.factory_share(matrix) == mem.factory_share(matrix)
