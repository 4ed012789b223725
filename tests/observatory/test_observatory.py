"""The observatory: counts computed by hand on small pools, the k rule (and its complement), planners only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scenegraph.assess.model import Assessment
from scenegraph.assess.scoring import Scorer
from scenegraph.auth.access import LOCAL, Principal, Role
from scenegraph.base.errors import AccessDenied, InvalidRequest
from scenegraph.curation.synth import synth_histories
from scenegraph.observatory import NATIONAL_GOAL, LevelCounts, brief, change, distribution, goal_shares, lagging
from scenegraph.observatory.facts import graph_facts, targets_reached
from scenegraph.stores.memory.observatory import MemoryObservatory

PLANNER = Principal("p", frozenset({Role.PLANNER}))
FIRM = Principal("f", frozenset({Role.ENTERPRISE}), frozenset({"ent_a"}))


def counts(groups, scenarios=None, n=None) -> LevelCounts:
    groups = {d: {k: tuple(v) for k, v in g.items()} for d, g in groups.items()}
    total = n if n is not None else sum(groups.get("overall", {}).get("all", ()))
    return LevelCounts(None, total, groups, {k: tuple(v) for k, v in (scenarios or {}).items()})


def test_distribution_shares_and_means_by_hand():
    c = counts({"overall": {"all": [1, 1, 2, 4, 2, 0]}})
    (row,) = distribution(c, "overall", k=5)
    assert row.n == 10 and row.counts == (1, 1, 2, 4, 2, 0)
    assert row.mean_level == pytest.approx((1 + 4 + 12 + 8) / 10)
    assert row.share_at_goal == pytest.approx(0.6)  # levels 3 and 4: 6 of 10


def test_a_group_below_k_shows_only_its_size():
    c = counts({"overall": {"all": [0, 3, 5, 5, 2, 0]},
                "stage": {"electrolysis": [0, 1, 1, 1, 1, 0], "casthouse": [0, 1, 2, 2, 0, 0],
                          "anode": [0, 1, 2, 2, 1, 0]}})
    rows = {r.key: r for r in distribution(c, "stage", k=5)}
    assert rows["electrolysis"].suppressed and rows["electrolysis"].n == 4
    assert rows["electrolysis"].mean_level is None and rows["electrolysis"].share_at_goal is None
    assert rows["casthouse"].suppressed  # its complement: all minus the others would give electrolysis away
    assert not rows["anode"].suppressed
    assert {r.key: r.suppressed for r in distribution(c, "stage", k=6)} == {"electrolysis": True,
                                                                            "casthouse": True, "anode": False}


def test_k_defaults_to_the_server_minimum_and_may_only_be_raised():
    """A planner cannot lower k below the server's minimum (LIMITS.observatory_min_group, default 5)."""
    c = counts({"overall": {"all": [0, 0, 6, 0, 0, 0]}})
    assert not distribution(c, "overall")[0].suppressed
    assert distribution(c, "overall", k=7)[0].suppressed  # raised: hides more


@pytest.mark.parametrize("lower", [4, 1, 0])
def test_k_below_the_server_minimum_is_refused(lower):
    c = counts({"overall": {"all": [0, 0, 6, 0, 0, 0]}})
    with pytest.raises(InvalidRequest, match="may only be raised"):
        distribution(c, "overall", k=lower)


def test_a_lone_small_region_takes_the_next_smallest_with_it():
    """Total minus the other regions would give the small region away: the next smallest is hidden too."""
    c = counts({"overall": {"all": [0, 5, 10, 8, 2, 0]},
                "region": {"山东": [0, 1, 1, 1, 0, 0], "新疆": [0, 2, 3, 1, 0, 0], "云南": [0, 2, 6, 6, 2, 0]}})
    rows = {r.key: r for r in distribution(c, "region", k=5)}
    assert rows["山东"].suppressed  # 3 < 5
    assert rows["新疆"].suppressed  # 6 >= 5, but hidden with it
    assert not rows["云南"].suppressed


def test_a_lone_small_stage_takes_the_next_smallest_with_it():
    # stages add up to the total when each enterprise runs one: the same complement there
    c2 = counts({"overall": {"all": [0, 5, 10, 7, 2, 0]},
                 "stage": {"a": [0, 1, 1, 0, 0, 0], "b": [0, 2, 3, 1, 0, 0], "c": [0, 2, 6, 6, 2, 0]}})
    assert [r.suppressed for r in distribution(c2, "stage", k=5)] == [True, True, False]


def test_two_small_regions_together_below_k_take_the_next_smallest_with_them():
    # two small regions (1 + 1) do not hide each other: together they are still fewer than k
    c3 = counts({"overall": {"all": [0, 5, 10, 8, 2, 0]},
                 "region": {"海南": [0, 1, 0, 0, 0, 0], "西藏": [0, 0, 0, 1, 0, 0], "新疆": [0, 2, 3, 1, 0, 0],
                            "云南": [0, 2, 7, 6, 2, 0]}})
    rows = {r.key: r for r in distribution(c3, "region", k=5)}
    assert rows["海南"].suppressed and rows["西藏"].suppressed and rows["新疆"].suppressed
    assert not rows["云南"].suppressed


def test_lagging_ranks_gap_times_importance_times_policy_weight(small_graph):
    facts = graph_facts(small_graph)
    scs = sorted(facts.scenarios)[:3]
    c = counts({"overall": {"all": [10, 0, 0, 0, 0, 0]}},
               {scs[0]: [5, 0, 0, 5, 0, 0],  # mean gap to 3: 1.5
                scs[1]: [0, 0, 10, 0, 0, 0],  # 1.0
                scs[2]: [4, 0, 0, 0, 0, 0]})  # 4 < k: left out
    rows, hidden = lagging(c, facts, target_level=3, k=5)
    assert hidden == 1
    assert {r.scenario for r in rows} == {scs[0], scs[1]}
    by = {r.scenario: r for r in rows}
    assert by[scs[0]].mean_gap == pytest.approx(1.5) and by[scs[0]].share_below == pytest.approx(0.5)
    for r in rows:
        f = facts.scenarios[r.scenario]
        assert r.score == pytest.approx(r.mean_gap * f.importance * f.policy_weight)
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)


def test_policy_weight_counts_targets_and_requirements_reached(shipped):
    facts = graph_facts(shipped)
    for sc in shipped.ids("Scenario"):
        f = facts.scenarios[sc]
        assert f.requirements == len(shipped.out_ids(sc, "ADDRESSES"))
        assert f.targets == len(targets_reached(shipped, sc))
        assert f.policy_weight == 1 + f.targets + f.requirements
    assert any(f.targets for f in facts.scenarios.values())


def test_goal_share_per_stage_against_the_plan():
    c = counts({"overall": {"all": [0, 3, 3, 3, 1, 0]},
                "stage": {"a": [0, 4, 1, 0, 0, 0], "b": [0, 0, 2, 3, 1, 0]}})
    rows = {r.stage: r for r in goal_shares(c, k=5)}
    assert rows["all"].share == pytest.approx(0.4) and rows["all"].meets
    assert rows["a"].share == 0 and rows["a"].meets is False
    assert rows["b"].share == pytest.approx(4 / 6, abs=1e-4) and rows["b"].goal == NATIONAL_GOAL.share == 0.20
    assert "212" in NATIONAL_GOAL.identifier and NATIONAL_GOAL.level == 3


def test_change_between_two_dates_hides_a_side_below_k():
    # a lone small stage takes the next smallest with it (the total minus the others would give it away)
    before = counts({"overall": {"all": [0, 5, 5, 0, 0, 0]}, "stage": {"a": [0, 3, 1, 0, 0, 0],
                                                                     "b": [0, 2, 4, 0, 0, 0]}})
    after = counts({"overall": {"all": [0, 2, 4, 4, 0, 0]}, "stage": {"a": [0, 1, 2, 3, 0, 0],
                                                                    "b": [0, 1, 2, 1, 0, 0]}})
    rows = {r.key: r for r in change(before, after, "overall", k=5)}
    assert rows["all"].mean_delta == pytest.approx(2.2 - 1.5)
    assert rows["all"].share_delta == pytest.approx(0.4)
    stage = change(before, after, "stage", k=5)[0]
    assert stage.suppressed and stage.mean_delta is None and stage.n_before == 4 and stage.n_after == 6


def _save(ent, at, stages, answers, region="山东"):
    return Assessment(enterprise_id=ent, name=ent, region=region, stages=stages, at=at, answers=answers)


def test_memory_observatory_counts_the_latest_save_as_of_a_date(small_graph):
    scorer = Scorer(small_graph)
    stage = scorer.stages[0]
    scs = scorer.scenarios_at(stage)
    t1, t2 = datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    saves = [_save(f"ent_{i}", t1, [stage], {sc: 1 for sc in scs}) for i in range(6)]
    saves += [_save("ent_0", t2, [stage], {sc: 5 for sc in scs})]
    obs = MemoryObservatory(small_graph, lambda: saves, scorer)
    now = obs.level_counts(PLANNER)
    assert now.enterprises == 6  # one enterprise saved twice: counted once
    assert now.groups["overall"]["all"][1] == 5 and now.groups["overall"]["all"][5] == 1
    then = obs.level_counts(PLANNER, datetime(2025, 6, 1, tzinfo=UTC))
    assert then.groups["overall"]["all"][1] == 6
    for sc in scs:
        assert now.scenarios[sc] == (0, 5, 0, 0, 0, 1)
    assert now.groups["region"] == {"山东": (0, 5, 0, 0, 0, 1)}
    b = brief(now, obs.graph_facts(PLANNER), k=5)
    assert b.distributions["overall"][0].counts == (0, 5, 0, 0, 0, 1)
    assert b.distributions["stage"][0].suppressed is False


def test_only_planners_see_the_observatory(small_graph):
    obs = MemoryObservatory(small_graph, lambda: [])
    with pytest.raises(AccessDenied):
        obs.level_counts(FIRM)
    with pytest.raises(AccessDenied):
        obs.graph_facts(Principal("nobody"))
    assert obs.level_counts(LOCAL).enterprises == 0


def test_synth_histories_are_dated_saves_that_validate(shipped):
    saves = list(synth_histories(shipped, 20, saves=3, seed=5))
    assert len(saves) == 60
    scorer = Scorer(shipped)
    by_ent: dict[str, list[Assessment]] = {}
    for a in saves:
        by_ent.setdefault(a.enterprise_id, []).append(a)
        assert set(a.answers) == set(scorer.applicable(a.stages))
    for hist in by_ent.values():
        assert [a.at for a in hist] == sorted(a.at for a in hist) and len({a.at for a in hist}) == 3
        for earlier, later in zip(hist, hist[1:], strict=False):
            assert all(later.answers[sc] >= lv for sc, lv in earlier.answers.items())
    again = list(synth_histories(shipped, 20, saves=3, seed=5))
    assert [a.model_dump() for a in again] == [a.model_dump() for a in saves]


def test_brief_and_csv_in_the_ui_language_escaped_and_spreadsheet_safe(small_graph):
    scorer = Scorer(small_graph)
    stage = scorer.stages[0]
    scs = scorer.scenarios_at(stage)
    t1 = datetime(2025, 1, 1, tzinfo=UTC)
    saves = [_save(f"ent_{i}", t1, [stage], {sc: 3 for sc in scs}, region="=HYPERLINK(1)") for i in range(5)]
    saves += [_save(f"ent_x{i}", t1, [stage], {sc: 1 for sc in scs}, region="<script>x</script>") for i in range(5)]
    obs = MemoryObservatory(small_graph, lambda: saves, scorer)
    from scenegraph.present.observatory import brief_csv, brief_html

    b = brief(obs.level_counts(PLANNER), obs.graph_facts(PLANNER), k=5)
    zh, en = brief_html(b, "zh"), brief_html(b, "en")
    assert "<html lang=\"zh\">" in zh and "铝产业数字化转型成熟度观测简报" in zh and "Distribution of levels" not in zh
    assert "Distribution of levels" in en and "等级分布" not in en
    assert "<script>x" not in zh and "&lt;script&gt;x" in zh
    assert "工信部联规〔2021〕212号" in zh and "212" in en
    text = brief_csv(b, "zh")
    assert "'=HYPERLINK(1)" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
