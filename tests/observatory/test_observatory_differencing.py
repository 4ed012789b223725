"""The observatory resists differencing, on both stores: an attacker (a planner) who reads everything the
publisher hands out (every published month end, every dimension, the lagging view, the change view between every
two month ends) recovers neither a hidden group's levels nor one enterprise's level or answers.

The three attacks of issue 21: "all enterprises" minus the visible regions when two regions are small (1 + 1);
two nearby dates around one newcomer (levels, and each answer through n x mean of the lagging view); the change
view around a newcomer and around one enterprise's re-save."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import combinations

import pytest

from scenegraph.assess.model import Assessment, applicable_scenarios
from scenegraph.auth.access import LOCAL, Principal, Role
from scenegraph.base.errors import InvalidRequest
from scenegraph.base.limits import LIMITS
from scenegraph.observatory import Observatory
from scenegraph.stores.compose import raw_observatory_of

PLANNER = Principal("p", frozenset({Role.PLANNER}))
NOW = datetime(2025, 8, 15, tzinfo=UTC)  # published: the month ends of January to July 2025
JAN, MAR = datetime(2025, 1, 10, tzinfo=UTC), datetime(2025, 3, 10, tzinfo=UTC)
K = LIMITS.observatory_min_group
DIMS = ("overall", "stage", "region", "segment")


@pytest.fixture
def store(shipped_store):
    return shipped_store


def _stage(graph) -> str:
    return next(s for s in graph.ordered("Stage") if applicable_scenarios(graph, [s]))


def _firm(graph, ent: str, region: str, at: datetime, level: int) -> Assessment:
    """One enterprise on one stage answering every scenario there at `level` (so its level is `level`)."""
    stage = _stage(graph)
    return Assessment(enterprise_id=ent, name=ent, region=region, stages=[stage], at=at,
                      answers={sc: level for sc in applicable_scenarios(graph, [stage])})


def _pool(graph) -> list[Assessment]:
    """Twelve enterprises saving in January: six in 云南, six in 新疆, levels 1-3."""
    return [_firm(graph, f"ent_{i:02d}", "云南" if i < 6 else "新疆", JAN, 1 + i % 3) for i in range(12)]


def _publish(store, saves: list[Assessment]) -> Observatory:
    for a in saves:
        store.save_assessment(LOCAL, a)
    return Observatory(raw_observatory_of(store), now=lambda: NOW)


def _everything(obs: Observatory):
    """All the publisher hands out: per month end, every shown row; per pair of month ends, every change row."""
    periods = obs.periods(PLANNER)
    briefs = {p: obs.brief(PLANNER, p) for p in periods}
    changes = {(a, b, d): obs.report(PLANNER, b, since=a, dimension=d)[1]
               for a, b in combinations(periods, 2) for d in DIMS}
    return periods, briefs, changes


def _shown(b) -> dict:
    """Every figure one brief shows: level histograms of the groups shown, and n x mean of the lagging rows."""
    out = {(d, r.key): r.counts for d in DIMS for r in b.distributions[d] if not r.suppressed}
    out.update({("scenario", r.scenario): (r.n, round(r.n * r.mean_level, 6)) for r in b.lagging})
    return out


def _assert_one_mover_never_shows(obs: Observatory) -> None:
    """With one enterprise moving (entering or re-saving) and no other, every figure shown at two month ends is
    the same, and no change row moves: nothing can be subtracted to isolate it."""
    periods, briefs, changes = _everything(obs)
    assert len(periods) == 7
    for a, b in combinations(periods, 2):
        before, after = _shown(briefs[a]), _shown(briefs[b])
        for group in before.keys() & after.keys():
            assert before[group] == after[group], (a, b, group)
    for key, rows in changes.items():
        for r in rows:
            assert r.suppressed or (r.mean_delta == 0 and r.share_delta == 0), (key, r)


def test_total_minus_visible_regions_does_not_give_two_small_regions_away(store, shipped):
    small = [_firm(shipped, "ent_hainan", "海南", JAN, 5), _firm(shipped, "ent_xizang", "西藏", JAN, 0)]
    saves = [*_pool(shipped), *small]
    obs = _publish(store, saves)
    periods, briefs, _ = _everything(obs)
    secret = [0] * 6
    secret[5] += 1
    secret[0] += 1
    for p in periods:
        b = briefs[p]
        regions = {r.key: r for r in b.distributions["region"]}
        assert regions["海南"].suppressed and regions["西藏"].suppressed
        (overall,) = b.distributions["overall"]
        assert not overall.suppressed  # the pool itself is shown: the attack has its total
        hidden = [r for r in regions.values() if r.suppressed]
        assert sum(r.n for r in hidden) >= K  # what total minus visible leaves is a group of at least k
        residual = list(overall.counts)
        for r in regions.values():
            if not r.suppressed:
                residual = [x - y for x, y in zip(residual, r.counts, strict=True)]
        assert residual != secret and sum(residual) >= K
        # no other table isolates them either: every shown group holds at least k
        assert all(r.n >= K for d in DIMS for r in b.distributions[d] if not r.suppressed)


def test_two_month_ends_around_one_newcomer_show_nothing_of_it(store, shipped):
    newcomer = _firm(shipped, "ent_new", "云南", MAR, 5)
    obs = _publish(store, [*_pool(shipped), newcomer])
    _assert_one_mover_never_shows(obs)
    # the publisher never answers at an instant: a date is a closed month end's figures
    assert obs.brief(PLANNER, datetime(2025, 3, 10, 12, tzinfo=UTC).date()).as_of == \
        obs.brief(PLANNER, datetime(2025, 2, 28, tzinfo=UTC).date()).as_of
    assert obs.periods(PLANNER)[-1].month == 7  # August is in progress: never published


def test_change_view_around_one_resave_shows_nothing_of_it(store, shipped):
    pool = _pool(shipped)
    moved = pool[0].model_copy(update={"at": MAR, "answers": {sc: 5 for sc in pool[0].answers}})
    obs = _publish(store, [*pool, moved])
    _assert_one_mover_never_shows(obs)


def test_k_enterprises_moving_together_are_shown(store, shipped):
    """The control is not "hide everything": when k enterprises enter in one month, the pool shows them."""
    arrivals = [_firm(shipped, f"ent_new{i}", "云南", MAR, 5) for i in range(K)]
    obs = _publish(store, [*_pool(shipped), *arrivals])
    jan, mar = obs.brief(PLANNER, datetime(2025, 1, 31).date()), obs.brief(PLANNER, datetime(2025, 3, 31).date())
    assert jan.distributions["overall"][0].counts[5] == 0 and mar.distributions["overall"][0].counts[5] == K
    (row,) = obs.report(PLANNER, datetime(2025, 3, 31).date(), since=datetime(2025, 1, 31).date(),
                        dimension="overall")[1]
    assert not row.suppressed and row.mean_delta > 0


def test_k_may_only_be_raised(store, shipped):
    obs = _publish(store, _pool(shipped))
    with pytest.raises(InvalidRequest, match="may only be raised"):
        obs.brief(PLANNER, k=K - 1)
    assert obs.brief(PLANNER, k=K + 10).distributions["overall"][0].suppressed  # 12 < 15: raised, hides more
