"""Every query on the small fixture, against answers worked out by hand from tests/fixtures/small.

This is the contract both stores are held to: `small` is the fixture loaded into MemoryStore and into a
real Neo4j (tests/conftest.py), so each test runs once per store."""

from __future__ import annotations

import pytest

from scenegraph.assess.model import applicable_scenarios
from scenegraph.graph.results import LensKpi, LensScenario, LensTarget, UnknownNode
from scenegraph.graph.search import Match


def ids(hits) -> list[str]:
    return [h.id for h in hits]


class TestSearch:
    def test_chinese_prefix(self, small):
        hits = small.search("电解")  # a name equal to the query (exact) before a name starting with it (prefix)
        assert [(h.id, h.match) for h in hits] == [("smelting", Match.EXACT), ("sc_twin", Match.PREFIX)]

    def test_english_is_case_insensitive_and_ranked_by_relevance_within_a_match(self, small):
        # both names start with "alumina"; "Alumina refining" (2 words) says more about it than
        # "Alumina feed control" (3 words), so it leads although no id order decides
        assert ids(small.search("ALUMINA")) == ["refining", "sc_feed"]

    def test_exact_id_comes_first(self, small):
        hits = small.search("sc_feed")
        assert hits[0].id == "sc_feed" and hits[0].match == Match.EXACT

    def test_exact_beats_prefix_beats_name_beats_description(self, small):
        # "digest": no exact id or name; three English names start with it: the shortest name leads
        # ("Digestion"), then "Digestion recovery" (a KPI) and "Digestion control" by relevance, tied, then by id
        assert [(h.id, h.match) for h in small.search("digest")] == [
            ("refining__digestion", Match.PREFIX), ("kpi_recovery", Match.PREFIX), ("sc_digest", Match.PREFIX),
        ]
        assert [(h.id, h.match) for h in small.search("temperature")] == [("sc_measure", Match.TEXT)]
        # "feed" is a word of both names ("Point feeding" stems to point, feed); the shorter name leads
        assert [(h.id, h.match) for h in small.search("feed")] == [("smelting__feeding", Match.NAME),
                                                                    ("sc_feed", Match.NAME)]

    def test_scores_are_the_order(self, small):
        hits = small.search("a")
        keys = [(h.match, -h.name_score, -h.text_score, h.id) for h in hits]
        assert keys == sorted(keys)

    def test_chinese_substring(self, small):
        assert ids(small.search("数字孪生")) == ["sc_twin"]

    def test_label_filter_and_limit(self, small):
        assert ids(small.search("电解", labels=["Stage"])) == ["smelting"]
        assert ids(small.search("a", limit=2)) == ids(small.search("a"))[:2]

    def test_blank_query_matches_nothing(self, small):
        assert small.search("   ") == []
        assert small.search("?!") == []


class TestFilter:
    def test_stage_reaches_scenarios_through_processes(self, small):
        assert small.filter_nodes(labels=["Scenario"], stages=["smelting"]) == ["sc_feed", "sc_measure", "sc_twin"]

    def test_domain(self, small):
        assert small.filter_nodes(labels=["Scenario"], domains=["dom_energy"]) == ["sc_feed", "sc_twin"]

    def test_level(self, small):
        assert small.filter_nodes(labels=["Scenario"], levels=[4]) == ["sc_digest", "sc_feed"]

    def test_filters_combine(self, small):
        assert small.filter_nodes(labels=["Scenario"], stages=["smelting"], domains=["dom_ops"], levels=[2]) == [
            "sc_measure"
        ]

    def test_stage_filter_over_all_labels(self, small):
        assert small.filter_nodes(stages=["refining"]) == ["refining", "refining__digestion", "sc_digest"]

    def test_labels_only(self, small):
        assert small.filter_nodes(labels=["KPI", "Target"]) == [
            "kpi_energy", "kpi_recovery", "kpi_voltage", "tgt_energy"]


class TestNeighbourhood:
    def test_hubs_are_reached_but_not_walked_through(self, small, small_graph, monkeypatch):
        """LIMITS.hub_degree, here 3 so that the small fixture has hubs; the centre is walked even if a hub."""
        import scenegraph.graph.scenario_graph
        import scenegraph.stores.neo4j.reads
        from scenegraph.base.limits import Limits

        for module in (scenegraph.graph.scenario_graph, scenegraph.stores.neo4j.reads):
            monkeypatch.setattr(module, "LIMITS", Limits(hub_degree=3))
        g = small_graph.g

        def bfs(centre: str, hub: int) -> dict[str, int]:
            dist, frontier = {centre: 0}, [centre]
            for d in (1, 2, 3):
                nxt = []
                for n in frontier:
                    if n != centre and g.degree(n) > hub:
                        continue
                    for m in (*g.succ[n], *g.pred[n]):
                        if m not in dist:
                            dist[m] = d
                            nxt.append(m)
                frontier = nxt
            return dict(sorted(dist.items(), key=lambda x: (x[1], x[0])))

        changed = 0
        for centre in ("sc_feed", "smelting", "kpi_energy", "sc_twin"):
            assert small.neighbourhood(centre, 3) == bfs(centre, 3), centre
            changed += bfs(centre, 3) != bfs(centre, 10**6)
        assert changed  # the guard made a difference here

    def test_hops_are_bounded(self, small):
        from scenegraph.base.errors import InvalidRequest

        with pytest.raises(InvalidRequest, match="max_hops"):
            small.neighbourhood("sc_feed", 99)

    def test_one_hop_both_directions(self, small):
        assert small.neighbourhood("sc_feed", 1) == {
            "sc_feed": 0, "dom_energy": 1, "dom_ops": 1, "kpi_energy": 1, "mt_soft": 1, "sc_measure": 1,
            "sc_twin": 1, "smelting": 1,
        }

    def test_label_filter_keeps_the_centre(self, small):
        assert list(small.neighbourhood("sc_feed", 1, labels=["Scenario"])) == ["sc_feed", "sc_measure", "sc_twin"]

    def test_two_hops(self, small):
        assert small.neighbourhood("casting", 2) == {
            "casting": 0, "smelting": 1, "refining": 2, "sc_feed": 2, "sc_twin": 2, "smelting__feeding": 2,
        }

    def test_walk_goes_through_filtered_labels(self, small):
        # the stage is not returned, but the scenarios behind it are
        assert list(small.neighbourhood("casting", 2, labels=["Scenario"])) == ["casting", "sc_feed", "sc_twin"]

    def test_zero_hops(self, small):
        assert small.neighbourhood("casting", 0) == {"casting": 0}

    def test_unknown_id(self, small):
        with pytest.raises(UnknownNode, match="unknown id 'nope'"):
            small.neighbourhood("nope")


class TestPath:
    def test_shortest_path_ignores_direction(self, small, small_graph):
        path = small.shortest_path("sc_digest", "casting")
        assert path == ["sc_digest", "sc_twin", "smelting", "casting"]
        assert small_graph.path_edges(path) == [
            ("sc_twin", "sc_digest", "DEPENDS_ON", {"strength": "soft"}),
            ("sc_twin", "smelting", "AT", {}),
            ("smelting", "casting", "FEEDS", {}),
        ]

    def test_avoiding_hub_labels(self, small):
        assert small.shortest_path("sc_digest", "sc_measure") == ["sc_digest", "dom_ops", "sc_measure"]
        assert small.shortest_path("sc_digest", "sc_measure", avoid_labels=["Domain"]) == [
            "sc_digest", "sc_twin", "sc_feed", "sc_measure",
        ]

    def test_no_path(self, small):
        assert small.shortest_path("casting", "sc_digest", avoid_labels=["Stage"]) is None

    def test_path_to_itself(self, small):
        assert small.shortest_path("casting", "casting") == ["casting"]


def test_induced_subgraph(small):
    sub = small.subgraph(["sc_feed", "sc_measure", "kpi_energy", "tgt_energy"])
    assert sorted(sub.ids()) == ["kpi_energy", "sc_feed", "sc_measure", "tgt_energy"]
    assert sorted((u, v, t) for u, v, t, _ in sub.edges()) == [
        ("kpi_energy", "tgt_energy", "TRACKS"),
        ("sc_feed", "kpi_energy", "IMPROVES"),
        ("sc_feed", "sc_measure", "DEPENDS_ON"),
    ]
    assert sub.edge_props("sc_feed", "kpi_energy", "IMPROVES") == {
        "effect": "-100 kWh/t", "source": "plan", "illustrative": False,
    }
    assert sub.node("sc_feed")["name_zh"] == "氧化铝浓度控制"
    with pytest.raises(UnknownNode):
        small.subgraph(["sc_feed", "ghost"])


def test_matrix(small):
    m = small.matrix()
    assert m.stages == ("refining", "smelting", "casting")
    assert m.domains == ("dom_ops", "dom_energy")
    assert m.cells == {
        ("refining", "dom_ops"): ("sc_digest",),
        ("smelting", "dom_ops"): ("sc_feed", "sc_measure"),
        ("smelting", "dom_energy"): ("sc_feed", "sc_twin"),
    }
    assert m.counts() == [[1, 0], [2, 2], [0, 0]]


def test_matrix_of_a_selection(small):
    assert small.matrix(["sc_twin"]).cells == {("smelting", "dom_energy"): ("sc_twin",)}


def test_policy_lens(small):
    """The lens follows KPI contributions (kpi_voltage -> kpi_energy -> tgt_energy) and carries the tracking KPI's
    baseline fact apart from the KPIs."""
    assert small.policy_lens() == [
        LensTarget("tgt_energy", (
            LensKpi("kpi_energy", (LensScenario("sc_feed", ("smelting",)), LensScenario("sc_twin", ("smelting",)))),
            LensKpi("kpi_voltage", (LensScenario("sc_measure", ("smelting",)),), via=("kpi_energy",)),
        ), facts=("fact_energy_2024",))
    ]
    assert small.policy_lens("tgt_energy") == small.policy_lens()
    with pytest.raises(ValueError, match="not a Target"):
        small.policy_lens("kpi_energy")


def test_release(small):
    """The data release (release.yaml) is read back from either store, for the app to show."""
    assert small.release() == {"version": "0.1.0", "date": "2026-01-01"}


def test_prerequisites_in_dependency_order(small):
    assert small.prerequisites("sc_twin") == ["sc_digest", "sc_measure", "sc_feed"]
    assert small.prerequisites("sc_twin", hard_only=True) == ["sc_measure", "sc_feed"]
    assert small.prerequisites("sc_measure") == []
    with pytest.raises(ValueError, match="not a Scenario"):
        small.prerequisites("smelting")


def test_memberships(small_graph):
    assert small_graph.stages_of("sc_measure") == ["smelting"]
    assert small_graph.stages_of("refining__digestion") == ["refining"]
    assert small_graph.domains_of("ref_apc") == ["dom_ops"]
    assert small_graph.stages_of("kpi_energy") == []


def test_node_properties(small):
    node = small.node("sc_feed")
    assert node["label"] == "Scenario" and node["level"] == 4 and node["name_zh"] == "氧化铝浓度控制"
    with pytest.raises(UnknownNode):
        small.node("ghost")


def test_stats(small):
    s = small.stats()
    assert s.nodes == 19 and s.relationships == 27
    assert s.nodes_by_label["Scenario"] == 4
    assert s.relationships_by_type["IN_DOMAIN"] == 6
    assert s.relationships_by_type["DEPENDS_ON"] == 3
    assert "ASSESSED" not in s.relationships_by_type and "Enterprise" not in s.nodes_by_label  # tenant data


class TestPageReads:
    """What pages show besides query answers: names, ordered ids, sources, the questionnaire."""

    def test_names_of_known_ids_only(self, small):
        assert small.names(["smelting", "nope", "sc_feed"]) == {
            "smelting": ("电解", "Electrolysis"), "sc_feed": ("氧化铝浓度控制", "Alumina feed control")}
        assert small.names([]) == {}

    def test_ordered_stages_follow_their_order(self, small):
        assert small.ordered("Stage") == ["refining", "smelting", "casting"]

    def test_sources_by_key(self, small):
        assert small.sources()["plan"]["kind"] == "policy"
        assert small.sources(["plan", "missing"]) == {"plan": small.sources()["plan"]}

    def test_store_closes_as_a_context_manager(self, small):
        assert small.__enter__() is small


def test_questionnaire_reaches_scenarios_through_processes(small_graph):
    assert applicable_scenarios(small_graph, ["smelting"]) == ["sc_feed", "sc_measure", "sc_twin"]
    assert applicable_scenarios(small_graph, []) == []
