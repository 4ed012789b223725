"""The one search ranking (scenegraph/graph/search.py): both languages alike, case, hyphens and spaces ignored, words
in any order, aliases kept in data; the memory store ranks with it (the Neo4j store is held to the same answers
by tests/test_store_equivalence.py and tests/test_queries.py)."""

from __future__ import annotations

from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.search import keys, normalize, rank, words


def test_normalize_ignores_case_hyphens_spaces_and_width():
    assert normalize("Anode-effect") == normalize("anode effect") == normalize("ANODE_EFFECT") == "anodeeffect"
    assert normalize("ＡＥ　系数") == "ae系数"
    assert words("anode-effect  frequency") == ["anode", "effect", "frequency"]


def test_ranks():
    k = keys({"id": "kpi_ae_frequency", "name_zh": "阳极效应系数", "name_en": "Anode-effect frequency",
              "aliases": ["AE", "anode effect"], "description_en": "How often pots go into anode effect."})
    assert rank("kpi_ae_frequency", k) == 0
    assert rank("AE", k) == 0  # an alias
    assert rank("anode effect", k) == 0
    assert rank("阳极效应", k) == 1
    assert rank("effect freq", k) == 2  # normalised: "effectfreq" is inside the name
    assert rank("frequency anode", k) == 3  # every word, any order
    assert rank("pots", k) == 4
    assert rank("x", k) is None  # one letter matches only a whole name or a prefix
    assert rank("   ", k) is None


def _graph() -> ScenarioGraph:
    rows = [
        {"id": "electrolysis", "label": "Stage", "name_zh": "电解铝", "name_en": "Electrolysis (potlines)",
         "description_en": "Hall-Heroult cells; the anode effect is a fault.",
         "description_zh": "阳极效应是一种故障。"},
        {"id": "kpi_ae_frequency", "label": "KPI", "name_zh": "阳极效应系数", "name_en": "Anode-effect frequency",
         "aliases": ["AE"]},
        {"id": "sc_elec_anode_effect_prediction", "label": "Scenario", "name_zh": "阳极效应预测与抑制",
         "name_en": "Anode-effect prediction and prevention"},
        {"id": "sc_elec_aeration", "label": "Scenario", "name_zh": "通风", "name_en": "Aeration"},
    ]
    return ScenarioGraph.from_rows(rows, [])


def test_one_concept_leads_to_the_same_node_first_in_either_language():
    g = _graph()
    firsts = {q: g.search(q)[0].id for q in ("阳极效应", "anode effect", "Anode-Effect", "AE", "ae", "ANODE EFFECT")}
    assert set(firsts.values()) == {"kpi_ae_frequency"}, firsts
    # the stage only mentions it in its description: after every name match, in both languages
    for q in ("阳极效应", "anode effect"):
        assert [h.id for h in g.search(q)][-1] == "electrolysis"
        assert g.search(q)[-1].rank == 4
