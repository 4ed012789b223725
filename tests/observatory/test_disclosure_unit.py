"""The disclosure control, pure: the size, change and complement rules on hand-made group sizes and movements.

The publisher runs these period after period over a store's counts (tests/observatory/test_observatory_differencing.py
does it end to end on both stores); here each rule is held on its own with k = 3, every answer worked out by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenegraph.observatory.disclosure import Published, equations, group_sizes, shown_groups
from scenegraph.observatory.model import OVERALL, LevelCounts, Movement

K = 3
A, B, C, D = (("region", r) for r in "abcd")


def movers(*groups_each, times: int = 1) -> Movement:
    """`times` enterprises moving through each given set of groups (OVERALL added, as a save always counts in it)."""
    return Movement(tuple(frozenset({OVERALL, *gs}) for gs in groups_each for _ in range(times)))


def test_group_sizes_count_enterprises_and_drop_empty_groups():
    counts = LevelCounts(None, 3, {"overall": {"all": (0, 1, 2, 0, 0, 0)},
                                   "region": {"a": (0, 1, 2, 0, 0, 0), "b": (0,) * 6}},
                         {"sc_x": (1, 1, 0, 0, 0, 0)})
    assert group_sizes(counts) == {OVERALL: 3, A: 3, ("scenario", "sc_x"): 2}


def test_equations_add_regions_segments_and_stages_to_the_total_and_stages_to_their_segment():
    groups = [OVERALL, B, A, ("segment", "up"), ("stage", "s2"), ("stage", "s1")]
    assert equations(groups, {"s1": "up", "s2": "down"}) == [
        (OVERALL, [A, B]), (OVERALL, [("segment", "up")]), (OVERALL, [("stage", "s1"), ("stage", "s2")]),
        (("segment", "up"), [("stage", "s1")])]


def test_published_hides_the_groups_present_and_not_shown():
    assert Published({OVERALL: 5, A: 0, B: 2, C: 3}, frozenset({OVERALL, C})).hidden() == {B}


# ---------------------------------------------------------------- rule 1 and 3 on one table (no history)


@pytest.mark.parametrize(("n", "shown"), [
    ({OVERALL: 10, A: 3, B: 3, C: 4}, {OVERALL, A, B, C}),  # every group of k or more
    ({OVERALL: 10, A: 2, B: 8}, {OVERALL}),  # a small, and the total minus b would give it: b hidden too
    ({OVERALL: 12, A: 1, B: 1, C: 4, D: 6}, {OVERALL, D}),  # 1 + 1 < k: the smallest other (c) hides with them
    ({OVERALL: 11, A: 1, B: 2, C: 8}, {OVERALL, C}),  # 1 + 2 = k: enough together, c stays
    ({OVERALL: 2, A: 2, ("scenario", "x"): 5}, {("scenario", "x")}),  # a hidden total hides every level table
], ids=["all-large", "complement", "two-small-and-the-next", "small-together-enough", "total-hidden"])
def test_size_and_complement(n, shown):
    assert shown_groups(n, K, {}) == frozenset(shown)


def test_a_hidden_segment_hides_its_stages():
    """Enterprises of segment up run both s1 and s1b (4 each), segment down has 2 in s2. Down is small, up hides
    with it (complement); the stage equation hides s2 and s1; s1b would show, but its segment is hidden."""
    n = {OVERALL: 6, ("segment", "up"): 4, ("segment", "down"): 2,
         ("stage", "s1"): 4, ("stage", "s1b"): 4, ("stage", "s2"): 2}
    assert shown_groups(n, K, {"s1": "up", "s1b": "up", "s2": "down"}) == frozenset({OVERALL})


# ---------------------------------------------------------------- rule 2: change between periods


FIRST = {OVERALL: 5, A: 5}
SHOWN_FIRST = Published(FIRST, frozenset({OVERALL, A}))


@pytest.mark.parametrize(("moved", "before", "shown"), [
    (movers({A}, times=5), None, {OVERALL, A}),  # first period: all five entered
    (movers({A}, times=2), None, set()),  # first period, two entered: 0 < 2 < k
    (movers({A}, times=1), SHOWN_FIRST, set()),  # one re-save since: its figures would tell, hidden
    (movers({A}, times=3), SHOWN_FIRST, {OVERALL, A}),  # k re-saved together: may change
    (Movement(()), SHOWN_FIRST, {OVERALL, A}),  # nobody moved: shown exactly as before
    (Movement(()), Published(FIRST, frozenset()), set()),  # nobody moved: hidden as before
], ids=["first-k-entered", "first-few-entered", "one-resave", "k-resaves", "no-move-shown", "no-move-hidden"])
def test_figures_change_only_with_k_movers(moved, before, shown):
    assert shown_groups(FIRST, K, {}, moved, before) == frozenset(shown)


# ---------------------------------------------------------------- rule 3 against the period a margin last showed


def test_hidden_groups_need_k_movers_since_the_margin_last_showed():
    """Regions a, b, c of 4 each, all shown last period. Since: 1 re-save in a (hidden, rule 2), 3 in b.
    By size the complement holds (a has 4), but the total moved by a's one mover since it last showed: the total
    minus b and c would give that save away. b, the smallest that moved, hides too; a and b moved by 4 together."""
    n = {OVERALL: 12, A: 4, B: 4, C: 4}
    before = Published(n, frozenset(n))
    moved = Movement((frozenset({OVERALL, A}),) + (frozenset({OVERALL, B}),) * 3)
    assert shown_groups(n, K, {}, moved, before, lambda margin: (before, moved)) == frozenset({OVERALL, C})
    # without the margin's history only the size counts: b stays
    assert shown_groups(n, K, {}, moved, before, None) == frozenset({OVERALL, B, C})
    # a margin never shown before has nothing to difference against: b stays too
    assert shown_groups(n, K, {}, moved, before, lambda margin: None) == frozenset({OVERALL, B, C})


def test_the_member_hidden_with_them_is_the_smallest_that_moved():
    """As above with b the smallest (3) but unmoved, c (4) re-saved by 3: hiding b would protect nothing (its
    figures are those shown before), so c hides."""
    n = {OVERALL: 11, A: 4, B: 3, C: 4}
    before = Published(n, frozenset(n))
    moved = Movement((frozenset({OVERALL, A}),) + (frozenset({OVERALL, C}),) * 3)
    assert shown_groups(n, K, {}, moved, before, lambda margin: (before, moved)) == frozenset({OVERALL, B})


def test_the_margin_hides_when_no_member_that_moved_can_hide():
    """Last period a, b, c of 4 and d of 3 showed; since, d's three enterprises left and one of a re-saved. The
    total moved by 4 (shown by rule 2) but a is hidden by its single mover, and b and c did not move: hiding them
    protects nothing, so the total hides, and with it every region."""
    before = Published({OVERALL: 15, A: 4, B: 4, C: 4, D: 3}, frozenset({OVERALL, A, B, C, D}))
    n = {OVERALL: 12, A: 4, B: 4, C: 4}
    moved = Movement((frozenset({OVERALL, A}),) + (frozenset({OVERALL, D}),) * 3)
    assert shown_groups(n, K, {}, moved, before, lambda margin: (before, moved)) == frozenset()


@given(st.dictionaries(st.sampled_from("abcdef"), st.integers(min_value=1, max_value=9), min_size=1),
       st.integers(min_value=2, max_value=5))
def test_no_shown_total_leaves_fewer_than_k_hidden(regions, k):
    """Property: on any one table, every group shown has k or more, and when the total shows, the regions it
    hides hold k or more together (or none is hidden)."""
    n = {OVERALL: sum(regions.values()), **{("region", r): size for r, size in regions.items()}}
    shown = shown_groups(n, k, {})
    assert all(n[g] >= k for g in shown)
    if OVERALL in shown:
        hidden = sum(size for g, size in n.items() if g[0] == "region" and g not in shown)
        assert hidden == 0 or hidden >= k
