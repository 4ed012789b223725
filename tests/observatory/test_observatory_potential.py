"""The pooled potential of saved plans, attacked as a planner would, on both stores: what the observatory shows of
the saved plans' value is a sum over at least k valued plans, never one firm's, and never changes with one firm's
re-save; and nobody but a planner reads it (an enterprise never sees another firm's value)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from scenegraph.assess.model import Assessment, applicable_scenarios
from scenegraph.assess.profile import PlantProfile
from scenegraph.assess.repository import AssessmentNotFound
from scenegraph.assess.roadmap import roadmap
from scenegraph.assess.scoring import Scorer
from scenegraph.assess.value import plan_value
from scenegraph.auth.access import LOCAL, Principal, Role
from scenegraph.base.errors import AccessDenied
from scenegraph.base.limits import LIMITS
from scenegraph.observatory import Observatory
from scenegraph.observatory.potential import flag
from scenegraph.stores.compose import raw_observatory_of

PLANNER = Principal("p", frozenset({Role.PLANNER}))
NOW = datetime(2025, 8, 15, tzinfo=UTC)
JAN, MAR = datetime(2025, 1, 10, tzinfo=UTC), datetime(2025, 3, 10, tzinfo=UTC)
JAN_END, MAR_END = date(2025, 1, 31), date(2025, 3, 31)
K = LIMITS.observatory_min_group
AC_LINE = "tgt_new_capacity_ac_kwh"


@pytest.fixture
def store(shipped_store):
    return shipped_store


def _smelter(graph, ent: str, region: str, at: datetime, *, capacity: float | None = 300_000.0,
             ac: float = 13_500.0) -> Assessment:
    """A potline at level 1 everywhere; with a profile (capacity, current AC kWh/t) unless capacity is None."""
    profile = None if capacity is None else PlantProfile.model_validate(
        {"capacity_t": {"electrolysis": capacity}, "kpis": {"kpi_ac_kwh_t": ac}})
    return Assessment(enterprise_id=ent, name=ent, region=region, stages=["electrolysis"], at=at,
                      answers={sc: 1 for sc in applicable_scenarios(graph, ["electrolysis"])}, profile=profile)


def _publish(store, saves: list[Assessment]) -> Observatory:
    for a in saves:
        store.save_assessment(LOCAL, a)
    return Observatory(raw_observatory_of(store), now=lambda: NOW)


def _p50(graph, a: Assessment) -> float:
    """One plan's median kWh a year, computed apart from the observatory (the plan to level 3)."""
    steps = [s.id for s in roadmap(Scorer(graph), a, 3).steps]
    return plan_value(graph, steps, a.profile).kwh.p50  # type: ignore[union-attr]


def _rows(pooled, dim: str) -> dict:
    return {r.key: r for r in pooled.rows[dim]}


def test_k_valued_plans_are_pooled_and_summed(store, shipped):
    """Not "hide everything": k smelters with a profile show, and the sum is theirs, computed by hand."""
    saves = [_smelter(shipped, f"ent_s{i}", "云南", JAN, capacity=100_000.0 * (i + 1)) for i in range(K)]
    obs = _publish(store, saves)
    pooled = obs.potential(PLANNER, JAN_END)
    overall = _rows(pooled, "overall")["all"]
    assert overall.valued == K
    assert overall.totals["kwh"] == pytest.approx(sum(_p50(shipped, a) for a in saves), rel=1e-9)
    assert overall.totals["kwh"] > 0
    assert _rows(pooled, "stage")["electrolysis"].totals is not None
    assert _rows(pooled, "region")["云南"].totals["kwh"] == pytest.approx(overall.totals["kwh"])
    # against the policy line: every one stands at 13,500 kWh/t, above 13,000 today
    (target,) = [r for r in pooled.targets if r.target == AC_LINE]
    assert (target.reporting, target.now) == (K, 0)


def test_a_region_of_k_minus_1_is_not_shown_nor_derivable(store, shipped):
    """k-1 smelters in 海南 beside k+1 in 云南: 海南's potential is hidden, and the overall sum minus the shown regions
    is never 海南's (the overall is hidden with it, or another region)."""
    big = [_smelter(shipped, f"ent_y{i}", "云南", JAN) for i in range(K + 1)]
    small = [_smelter(shipped, f"ent_h{i}", "海南", JAN, capacity=900_000.0) for i in range(K - 1)]
    obs = _publish(store, [*big, *small])
    pooled = obs.potential(PLANNER, JAN_END)
    regions = _rows(pooled, "region")
    assert regions["海南"].totals is None and regions["海南"].valued is None
    overall = _rows(pooled, "overall")["all"]
    if overall.totals is not None:
        residual = overall.totals["kwh"] - sum(r.totals["kwh"] for r in regions.values() if r.totals is not None)
        secret = sum(_p50(shipped, a) for a in small)
        assert residual != pytest.approx(secret)
        hidden = [r for r in regions.values() if r.totals is None]
        assert len(hidden) >= 2 or sum(r.n for r in hidden) >= K


def test_one_valued_plan_among_k_enterprises_is_never_shown(store, shipped):
    """k+1 smelters, only one with a profile: the group shows in the maturity tables, but its sum would be that one
    firm's value, so it is not shown anywhere."""
    saves = [_smelter(shipped, f"ent_n{i}", "云南", JAN, capacity=None) for i in range(K)]
    saves.append(_smelter(shipped, "ent_only", "云南", JAN, capacity=400_000.0))
    obs = _publish(store, saves)
    assert not obs.brief(PLANNER, JAN_END).distributions["overall"][0].suppressed  # the levels show
    pooled = obs.potential(PLANNER, JAN_END)
    assert all(r.totals is None for dim in pooled.rows.values() for r in dim)
    assert all(r.reporting is None for r in pooled.targets)


def test_one_firms_resave_with_a_new_profile_changes_nothing_shown(store, shipped):
    """A smelter doubles its capacity in March: the sums at January's and March's month ends are the same (one
    mover is fewer than k), so the difference never gives its value away."""
    saves = [_smelter(shipped, f"ent_r{i}", "云南", JAN) for i in range(K + 2)]
    moved = _smelter(shipped, "ent_r0", "云南", MAR, capacity=600_000.0)
    obs = _publish(store, [*saves, moved])
    jan, mar = obs.potential(PLANNER, JAN_END), obs.potential(PLANNER, MAR_END)
    for dim in ("overall", "stage", "region"):
        a, b = _rows(jan, dim), _rows(mar, dim)
        for key in a.keys() & b.keys():
            if a[key].totals is not None and b[key].totals is not None:
                assert a[key].totals == b[key].totals, (dim, key)


def test_only_planners_read_the_potential_and_no_firm_reads_another(store, shipped):
    saves = [_smelter(shipped, f"ent_a{i}", "云南", JAN) for i in range(K)]
    obs = _publish(store, saves)
    firm = Principal("a0", frozenset({Role.ENTERPRISE}), enterprises=frozenset({"ent_a0"}))
    with pytest.raises(AccessDenied):
        obs.potential(firm, JAN_END)
    with pytest.raises(AccessDenied):
        raw_observatory_of(store).potential_sums(firm)
    # another enterprise's saved profile (and so its value) is neither listed nor loaded
    assert all(s.enterprise_id == "ent_a0" for s in store.assessments(firm))
    with pytest.raises((AccessDenied, AssessmentNotFound)):
        store.load_assessment(firm, "ent_a1", JAN)
    own = store.load_assessment(firm, "ent_a0", store.assessments(firm)[0].at)
    assert own.profile is not None and own.profile.capacity_t == {"electrolysis": 300_000.0}


def test_the_flags_of_a_save_say_today_and_with_the_plan(shipped):
    """The summary's target flags for one smelter: 12,900 kWh/t meets 13,000 today; 13,500 does not."""
    from scenegraph.observatory.valuer import PlanPotential

    value = PlanPotential(shipped)
    below = value(_smelter(shipped, "ent_x", "云南", JAN, ac=12_900.0))
    above = value(_smelter(shipped, "ent_y", "云南", JAN, ac=13_500.0))
    assert below[flag(AC_LINE, "now")] == 1.0 and above[flag(AC_LINE, "now")] == 0.0
    assert value(_smelter(shipped, "ent_z", "云南", JAN, capacity=None)) == {}


def test_one_giant_plant_among_k_is_never_shown(store, shipped):
    """k smelters, one of them ten times the size of the others: every sum it is in would be mostly its own value
    (the dominance rule), so none is shown, and no other figure isolates it."""
    saves = [_smelter(shipped, f"ent_g{i}", "云南", JAN, capacity=100_000.0) for i in range(K)]
    saves.append(_smelter(shipped, "ent_giant", "云南", JAN, capacity=4_000_000.0))
    obs = _publish(store, saves)
    pooled = obs.potential(PLANNER, JAN_END)
    assert all(r.totals is None for dim in pooled.rows.values() for r in dim)


def test_hidden_regions_dominated_together_hide_the_total(store, shipped):
    """云南's six plants show on their own and the overall sum is not dominated; 海南's k-1 small plants and 新疆's one
    large plant are hidden (k plans together: the size rule is met), but the overall sum minus 云南 would be mostly
    新疆's plant: so nothing is shown."""
    saves = [_smelter(shipped, f"ent_p{i}", "云南", JAN, capacity=1_000_000.0) for i in range(K + 1)]
    saves += [_smelter(shipped, f"ent_q{i}", "海南", JAN, capacity=50_000.0) for i in range(K - 1)]
    saves.append(_smelter(shipped, "ent_big", "新疆", JAN, capacity=2_000_000.0))
    obs = _publish(store, saves)
    pooled = obs.potential(PLANNER, JAN_END)
    assert all(r.totals is None for dim in pooled.rows.values() for r in dim)
