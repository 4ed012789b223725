"""The pooled potential's disclosure, pure: which sums show, on hand-made sums (k = 3, one plan may hold at most half
of a group's figure). tests/observatory/test_observatory_potential.py runs the same rules end to end on both stores."""

from __future__ import annotations

import pytest

from scenegraph.observatory.model import OVERALL
from scenegraph.observatory.potential import (
    VALUED,
    PotentialRow,
    PotentialSums,
    TargetRow,
    flag,
    pooled,
    target_rows,
    targets_in,
    visible,
)

K = 3
SHARE = 0.5
A, B, C = ("region", "a"), ("region", "b"), ("region", "c")


def sums(cells: dict, largest: dict | None = None) -> PotentialSums:
    """cells: group -> (valued plans, kWh); largest: group -> the largest single plan's kWh (default: a third)."""
    groups: dict = {}
    top: dict = {}
    for (dim, key), (valued, kwh) in cells.items():
        groups.setdefault(dim, {})[key] = {VALUED: float(valued), "kwh": float(kwh), "tco2e": 0.0, "cny": 0.0}
        top.setdefault(dim, {})[key] = {"kwh": (largest or {}).get((dim, key), kwh / 3)}
    return PotentialSums(None, groups, top)


def test_flag_keys():
    assert [flag("t1", w) for w in ("n", "now", "plan")] == ["target:t1:n", "target:t1:now", "target:t1:plan"]


@pytest.mark.parametrize(("cells", "largest", "shown"), [
    ({OVERALL: (6, 600), A: (3, 300), B: (3, 300)}, {}, {OVERALL, A, B}),
    # b has 3 enterprises but 2 valued plans: hidden, and a with it (the total minus a would give b's sum)
    ({OVERALL: (5, 600), A: (3, 300), B: (2, 300)}, {}, {OVERALL}),
    # one plan holds 200 of a's 300 kWh: a counts as one plan, hidden, and b with it
    ({OVERALL: (6, 600), A: (3, 300), B: (3, 300)}, {A: 200.0}, {OVERALL}),
    # c is one giant plant (900 of 1000): hidden, a (the smallest) hides with it, but a and c together are still
    # dominated by the giant (900 of 1300): the total minus b would tell of it, so nothing shows
    ({OVERALL: (9, 2300), A: (3, 300), B: (3, 1000), C: (3, 1000)}, {OVERALL: 900.0, C: 900.0}, set()),
], ids=["k-plans-each", "too-few-valued", "dominated-region", "hidden-regions-dominated-together"])
def test_which_sums_show(cells, largest, shown):
    s = sums(cells, largest)
    sizes = {g: 3 for g in cells if g != OVERALL} | {OVERALL: 3 * (len(cells) - 1)}
    assert visible(s, sizes, frozenset(sizes), K, {}, SHARE) == frozenset(shown)


def test_a_sum_shows_only_where_the_maturity_tables_show_its_group():
    s = sums({OVERALL: (6, 600), A: (3, 300), B: (3, 300)})
    sizes = {OVERALL: 6, A: 3, B: 3}
    assert visible(s, sizes, frozenset({OVERALL, A}), K, {}, SHARE) == frozenset({OVERALL, A})
    # and where the group has k enterprises (the maturity decision may come from another k)
    assert visible(s, {OVERALL: 6, A: 3, B: 2}, frozenset(sizes), K, {}, SHARE) == frozenset({OVERALL, A})


def test_pooled_rows_carry_sums_only_where_visible():
    """pooled and target_rows use the server's share (LIMITS.observatory_max_share, 0.6); no plan here holds more
    than a third of its group."""
    s = sums({OVERALL: (5, 600), A: (3, 300), B: (2, 300), ("stage", "s1"): (5, 600)})
    sizes = {OVERALL: 5, A: 3, B: 2, ("stage", "s1"): 5, ("region", "empty"): 0}
    rows = pooled(s, sizes, frozenset(sizes), K, {})
    totals = {"kwh": 600.0, "tco2e": 0.0, "cny": 0.0}
    assert rows == {"overall": [PotentialRow("all", 5, 5, totals)],
                    "stage": [PotentialRow("s1", 5, 5, totals)],
                    "region": [PotentialRow("a", 3, None, None), PotentialRow("b", 2, None, None)]}
    assert rows["region"][0].suppressed and not rows["overall"][0].suppressed


def test_pooled_rows_follow_the_stage_order():
    s = sums({OVERALL: (6, 600), ("stage", "z"): (3, 300), ("stage", "y"): (3, 300)})
    sizes = {OVERALL: 6, ("stage", "z"): 3, ("stage", "y"): 3}
    rows = pooled(s, sizes, frozenset(sizes), K, {}, order={"z": 1, "y": 2})
    assert [r.key for r in rows["stage"]] == ["z", "y"]


def target_sums(reporting_t1: int, reporting_t2: int) -> PotentialSums:
    s = sums({OVERALL: (6, 600), A: (3, 300), B: (3, 300)})
    s.groups["overall"]["all"].update({flag("t1", "n"): reporting_t1, flag("t1", "now"): 1, flag("t1", "plan"): 2,
                                       flag("t2", "n"): reporting_t2, flag("t2", "now"): 0, flag("t2", "plan"): 1})
    return s


def test_targets_in_lists_the_targets_reported():
    assert targets_in(target_sums(3, 2)) == ["t1", "t2"]


def test_a_target_row_shows_when_k_plans_report_its_kpi():
    sizes = {OVERALL: 6, A: 3, B: 3}
    assert target_rows(target_sums(3, 2), sizes, frozenset(sizes), K, {}) == [
        TargetRow("t1", "all", 3, 1, 2), TargetRow("t2", "all", None, None, None)]
    # the total hidden: no target row shows
    assert target_rows(target_sums(3, 3), sizes, frozenset({A, B}), K, {}) == [
        TargetRow("t1", "all", None, None, None), TargetRow("t2", "all", None, None, None)]
