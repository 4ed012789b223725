"""The one search ranking (scenegraph/graph/search.py): both languages alike, case, hyphens and spaces ignored, word
forms and words in any order, Chinese without spaces, aliases kept in data; relevance (BM25) orders within a kind
of match, never the id alone. The memory store ranks with it; the Neo4j store reads back the same keys and calls
the same functions (held to the same answers by tests/test_store_equivalence.py, tests/test_queries.py and
tests/test_search_eval.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.search import Match, Query, SearchIndex, keys, match, normalize, order, terms, words
from scenegraph.stores.neo4j.search_keys import node_keys, stored_keys


def test_normalize_ignores_case_hyphens_spaces_and_width():
    assert normalize("Anode-effect") == normalize("anode effect") == normalize("ANODE_EFFECT") == "anodeeffect"
    assert normalize("ＡＥ　系数") == "ae系数"
    assert words("anode-effect  frequency") == ["anode", "effect", "frequency"]


def test_terms_fold_word_forms_plurals_and_spellings():
    assert terms("PFC emissions") == terms("emission of PFCs")[::-1] == ["pfc", "emiss"]
    assert terms("perfluorocarbons") == terms("perfluorocarbon")
    assert terms("potlines") == terms("Potline")
    assert terms("recycled aluminum") == terms("Recycled aluminium")
    assert terms("utilization") == terms("utilisation")
    assert terms("the and of") == []  # stop words only


def test_chinese_is_cut_into_bigrams_so_words_without_spaces_meet():
    assert terms("氧化铝能耗") == ["氧化", "化铝", "铝能", "能耗"]
    assert terms("铝") == ["铝"]
    assert terms("碳素阳极") == terms("炭素阳极")  # the trade writes both
    assert set(terms("氧化铝能耗")) & set(terms("氧化铝综合能耗")) == {"氧化", "化铝", "能耗"}


def test_kinds_of_match():
    k = keys({"id": "kpi_ae_frequency", "name_zh": "阳极效应系数", "name_en": "Anode-effect frequency",
              "aliases": ["AE", "anode effect"], "description_en": "How often pots go into anode effect."})

    def m(text):
        q = Query.parse(text)
        return None if q is None else match(q, k)

    assert m("kpi_ae_frequency") == m("AE") == m("anode effect") == m("Anode-Effect") == Match.EXACT
    assert m("阳极效应") == Match.PREFIX
    assert m("effect freq") == Match.NAME  # normalised: "effectfreq" is inside the name
    assert m("frequency anode") == m("anode effects") == m("frequencies") == Match.NAME  # every term, any order
    assert m("pots") == Match.TEXT  # only the description says it
    assert m("x") is None  # one letter matches only a whole name or a prefix
    assert m("   ") is None and m("?!") is None


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
        {"id": "kpi_rectifier", "label": "KPI", "name_zh": "整流效率", "name_en": "Rectifier efficiency",
         "description_en": "DC energy delivered to the potline over AC energy drawn."},
        {"id": "kpi_pfc", "label": "KPI", "name_zh": "全氟化碳排放强度", "name_en": "PFC emission intensity",
         "aliases": ["PFC", "perfluorocarbon"]},
        {"id": "sc_carbon", "label": "Scenario", "name_zh": "碳排放核算", "name_en": "Carbon accounting",
         "description_en": "Counts CO2 and PFC emissions for the report."},
    ]
    return ScenarioGraph.from_rows(rows, [])


def test_one_concept_leads_to_the_same_node_first_in_either_language():
    g = _graph()
    firsts = {q: g.search(q)[0].id for q in ("阳极效应", "anode effect", "Anode-Effect", "AE", "ae", "ANODE EFFECTS")}
    assert set(firsts.values()) == {"kpi_ae_frequency"}, firsts
    # the stage only mentions it in its description: after every name match, in both languages
    for q in ("阳极效应", "anode effect"):
        assert [h.id for h in g.search(q)][-1] == "electrolysis"
        assert g.search(q)[-1].match == Match.TEXT


def test_a_word_in_a_name_beats_words_in_a_description_whatever_the_ids():
    """The review's "potline energy" ranked rectifier efficiency first: both words are only in its description,
    and ties went by id. A name holding one of the words now leads."""
    hits = _graph().search("potline energy")
    assert [h.id for h in hits] == ["electrolysis", "kpi_rectifier"]
    assert hits[0].name_score > 0 and hits[1].name_score == 0


def test_long_forms_and_plurals_find_the_pfc_kpi():
    g = _graph()
    for q in ("perfluorocarbon", "perfluorocarbons", "PFC emissions", "emissions of PFCs", "全氟化碳"):
        assert g.search(q)[0].id == "kpi_pfc", q


def test_chinese_words_without_spaces_are_segmented():
    g = _graph()
    assert g.search("全氟化碳排放")[0].id == "kpi_pfc"
    assert g.search("阳极效应系数")[0].id == "kpi_ae_frequency"
    assert g.search("碳排放 核算")[0].id == "sc_carbon"


def test_more_relevant_beats_a_smaller_id():
    """Two names start with the query: the one that says less else leads, whatever the ids."""
    g = ScenarioGraph.from_rows([
        {"id": "a_long", "label": "Scenario", "name_zh": "赤泥压滤与滤饼含水控制",
         "name_en": "Red mud filtration and cake moisture"},
        {"id": "z_short", "label": "Stage", "name_zh": "赤泥", "name_en": "Red mud handling"},
    ], [])
    assert [h.id for h in g.search("red mud")] == ["z_short", "a_long"]
    assert [h.id for h in g.search("赤泥")] == ["z_short", "a_long"]


_text = st.text(alphabet=st.sampled_from([*"aeioustrnl -_PFCs阳极效应赤泥炭碳铝", "\u0001"]), max_size=30)


@settings(max_examples=200, deadline=None)
@given(name_zh=_text, name_en=_text, alias=_text, desc=_text)
def test_keys_stored_on_neo4j_read_back_the_same(name_zh, name_en, alias, desc):
    """The Neo4j store scores the keys it reads back from the node's properties: they must be the memory store's."""
    node = {"id": "sc_x", "name_zh": name_zh or "x", "name_en": name_en or "x", "aliases": [alias],
            "description_en": desc}
    stored = node_keys("sc_x", node)
    record = {"sk_" + k.removeprefix("_sk_"): v for k, v in stored.items()}
    assert stored_keys(record) == keys(node)
    assert stored["_sk_len"] == list(keys(node).counts())


def test_the_index_orders_by_match_then_relevance_then_id():
    rows = [(f"n{i}", "KPI", {"name_zh": "电解槽寿命" + "长" * i, "name_en": "Pot life " + "x " * i})
            for i in range(5)]
    found = SearchIndex(rows).search("pot life")
    assert [n for n, *_ in found] == [f"n{i}" for i in range(5)]  # shorter names first
    assert all(m == Match.EXACT for _, _, m, _, _ in found[:1])


def test_a_query_of_many_words_needs_half_of_them():
    """Matching on any one term made "no such thing at all" answer with every text saying "all" (the app's
    "no match" never showed): a node must hold at least half the query's terms."""
    g = ScenarioGraph.from_rows([
        {"id": "n1", "label": "KPI", "name_zh": "全部", "name_en": "All output",
         "description_en": "Counted at every site."},
    ], [])
    assert g.search("no such thing at all") == []
    assert [h.id for h in g.search("all output figures")] == ["n1"]  # 2 of 3


def _scan(index: SearchIndex, text: str, labels=None) -> list:
    """The answer of a scan over every node (what the memory store did before its index): the reference."""
    query = Query.parse(text)
    if query is None:
        return []
    rows = [(n, k) for n, label, k in index.rows if not labels or label in labels]
    label_of = {n: label for n, label, _ in index.rows}
    return [(n, label_of[n], m, ns, ts) for n, m, ns, ts in order(query, rows, index.corpus(query))]


_words = st.sampled_from(["pot", "Pot life", "life", "PFCs", "阳极", "阳极效应", "赤泥", "炭", "碳素", "a", "e", "x",
                          "n1", "n", "1", "al", "aluminum", "emission", "-", "效应系数", "life pot x"])


@settings(max_examples=150, deadline=None)
@given(names=st.lists(st.tuples(_text, _text, _text, _text), min_size=1, max_size=8),
       query=st.one_of(_words, _text), label=st.sampled_from([None, ["KPI"], ["Scenario", "KPI"]]))
def test_the_index_answers_what_a_scan_of_every_node_answers(names, query, label):
    """The memory store finds its candidates through an index (terms, ids, names and descriptions each in one
    string) instead of matching every node: the hits, their order and scores must be the scan's, whatever the
    names (one character, separators, Chinese, ids that normalise alike)."""
    rows = [(f"n{i}" if i % 3 else f"N-{i // 3}", "KPI" if i % 2 else "Scenario",
             {"name_zh": zh, "name_en": en, "aliases": [alias], "description_en": desc})
            for i, (zh, en, alias, desc) in enumerate(names)]
    index = SearchIndex(rows)
    assert index.search(query, label) == _scan(index, query, label)
    index.scan_above = 0  # a query whose terms half the rows hold: every row is a candidate, the same answer
    assert index.search(query, label) == _scan(index, query, label)


@pytest.fixture(scope="module")
def shipped_index(shipped):
    return SearchIndex((n, a["label"], a) for n, a in shipped.g.nodes(data=True))


@pytest.mark.parametrize("text", ["阳极效应", "anode effect", "PFC emissions", "赤泥", "a", "铝", "kpi",
                                  "energy per tonne", "no such thing at all", "sc", "电解", "digital twin",
                                  "predictive maintenance", "1", "oxide"])
@pytest.mark.parametrize("labels", [None, ["KPI"]], ids=["any", "KPI"])
def test_the_index_answers_the_scan_on_the_shipped_graph(shipped_index, text, labels):
    if labels is None:
        assert shipped_index.search(text) == _scan(shipped_index, text)
    else:
        assert shipped_index.search(text, labels) == _scan(shipped_index, text, labels)
