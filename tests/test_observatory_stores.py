"""The observatory counts alike on both stores: memory computes in Python, Neo4j in Cypher (a real server)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scenegraph.access import LOCAL, Principal, Role
from scenegraph.assess.model import Assessment
from scenegraph.errors import AccessDenied
from scenegraph.observatory import brief
from scenegraph.observatory.facts import graph_facts
from scenegraph.observatory.memory import MemoryObservatory
from scenegraph.synth import synth_histories
from tests.conftest import forget_neo4j_contents, load_into_neo4j

PLANNER = Principal("p", frozenset({Role.PLANNER}))


@pytest.mark.neo4j
def test_neo4j_counts_equal_memory_counts(neo4j_store, shipped):
    from scenegraph.stores.neo4j.observatory import Neo4jObservatory

    store = load_into_neo4j(neo4j_store, shipped)
    forget_neo4j_contents()  # the saves below add enterprises: the next test reloads a clean graph
    try:
        saves = list(synth_histories(shipped, 30, saves=3, seed=9))
        # one enterprise with no region and an unanswered applicable scenario
        first = saves[0]
        saves.append(Assessment(enterprise_id="ent_no_region", name="x", region=None, stages=first.stages,
                                at=datetime(2025, 3, 1, tzinfo=UTC),
                                answers=dict(list(first.answers.items())[1:])))
        for a in saves:
            store.save_assessment(LOCAL, a)
        memory = MemoryObservatory(shipped, lambda: saves)
        neo = Neo4jObservatory(store)
        for as_of in (None, datetime(2024, 12, 31, tzinfo=UTC), datetime(2025, 6, 1, tzinfo=UTC),
                      datetime(2020, 1, 1, tzinfo=UTC)):
            want, got = memory.level_counts(PLANNER, as_of), neo.level_counts(PLANNER, as_of)
            assert got.enterprises == want.enterprises
            for dim in ("overall", "stage", "region", "segment"):
                assert got.groups.get(dim, {}) == want.groups.get(dim, {}), (as_of, dim)
            assert got.scenarios == want.scenarios, as_of
        facts = neo.graph_facts(PLANNER)
        assert facts == graph_facts(shipped)
        assert brief(neo.level_counts(PLANNER), facts) == brief(memory.level_counts(PLANNER), graph_facts(shipped))
        with pytest.raises(AccessDenied):
            neo.level_counts(Principal("firm", frozenset({Role.ENTERPRISE}), frozenset({"ent_a"})))
    finally:
        forget_neo4j_contents()
