"""The plant-value combination rule, as properties: relative reductions applied one after another (1 - prod(1 - r))
never double count (at most their sum), never lose one (at least the largest), do not depend on the order, and stop at
the physical floor. The hand-computed cases and the floor on a whole plan are in test_assess_value.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenegraph.assess.value import combine_relative

shares = st.lists(st.floats(min_value=0.0, max_value=1.0), max_size=8)


@given(shares)
def test_combined_reductions_lie_between_the_largest_and_the_sum(rs):
    got = combine_relative(rs)
    assert max(rs, default=0.0) - 1e-12 <= got <= min(1.0, sum(rs)) + 1e-12


@given(shares, st.randoms())
def test_the_order_of_the_steps_does_not_matter(rs, rnd):
    shuffled = list(rs)
    rnd.shuffle(shuffled)
    assert combine_relative(shuffled) == pytest.approx(combine_relative(rs))


@given(shares, st.floats(min_value=0.0, max_value=1.0))
def test_the_floor_caps_and_only_caps(rs, floor):
    assert combine_relative(rs, floor_share=floor) == pytest.approx(min(combine_relative(rs), floor))


@pytest.mark.parametrize(("rs", "combined"), [
    ([0.1], 0.1),
    ([0.1, 0.2], 0.28),  # 1 - 0.9 * 0.8
    ([0.5, 0.5, 0.5], 0.875),  # 1 - 0.5 ** 3
    ([1.0, 0.3], 1.0),
], ids=["one", "two", "three-halves", "one-whole"])
def test_combined_by_hand(rs, combined):
    assert combine_relative(rs) == pytest.approx(combined)
