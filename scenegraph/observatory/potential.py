"""The pooled potential of saved plans: what the latest saved plan of each enterprise is worth a year (the sum of
each plan's median, in kWh, t CO2e and CNY), by stage and region, and how many plans meet each 2027 target with a
plant-level KPI now and with the plan. Pure; the figures are sums that a repository computes from the save
summaries (summary.SaveSummary.potential), never one firm's value.

Disclosure: a sum is shown only where the maturity tables show its group for that period (the publisher's decision:
size, change and complement rules, disclosure.py) AND where at least k enterprises with a valued plan are in it,
with the complement rule applied to those enterprises too (a region's sum is never the overall sum minus shown
regions when that leaves fewer than k valued plans). So no planner sees a group's sum unless k plans make it, and
nobody else sees it at all (planner role).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from scenegraph.base.limits import LIMITS
from scenegraph.observatory.disclosure import shown_groups
from scenegraph.observatory.model import OVERALL, Group

__all__ = ["MEASURES", "POTENTIAL_DIMENSIONS", "PotentialRow", "PotentialSums", "TargetRow", "flag", "pooled",
           "target_rows", "targets_in"]

#: the summed measures: a plan's median a year
MEASURES = ("kwh", "tco2e", "cny")
POTENTIAL_DIMENSIONS = ("overall", "stage", "region")
#: the count of plans valued: every valued save carries it as 1.0, so its sum is the number of valued plans
VALUED = "valued"


def flag(target: str, when: str) -> str:
    """The key of a target's flag in a save's potential: "target:<id>:n" (the plant reports the KPI), ":now" (it
    meets the target today), ":plan" (it meets it with the plan's median effects)."""
    return f"target:{target}:{when}"


@dataclass(frozen=True)
class PotentialSums:
    """Sums over the latest save of each enterprise at or before `as_of`: groups[dimension][key] -> {key: sum}
    (MEASURES, VALUED and the target flags)."""

    as_of: datetime | None
    groups: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    #: the largest single plan's figure in each group and measure (MEASURES only): for the dominance rule
    largest: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)

    def valued(self, group: Group) -> int:
        return int(round(self.groups.get(group[0], {}).get(group[1], {}).get(VALUED, 0.0)))


@dataclass(frozen=True)
class PotentialRow:
    key: str
    #: enterprises in the group (as the maturity tables count them)
    n: int
    #: plans valued in it; None when the group is not shown
    valued: int | None
    #: measure -> pooled median a year; None when not shown
    totals: dict[str, float] | None

    @property
    def suppressed(self) -> bool:
        return self.totals is None


@dataclass(frozen=True)
class TargetRow:
    target: str
    group: str  # "all": every enterprise
    #: plans that report the target's KPI, meet it today, meet it with the plan; None when not shown
    reporting: int | None
    now: int | None
    plan: int | None


def _dominated(sums: PotentialSums, groups: list[Group], share: float) -> bool:
    """Whether one plan holds more than `share` of the groups' pooled figure, in any measure (the groups taken
    together: their largest plan against their sum)."""
    for m in MEASURES:
        total = sum(abs(sums.groups.get(g[0], {}).get(g[1], {}).get(m, 0.0)) for g in groups)
        top = max((abs(sums.largest.get(g[0], {}).get(g[1], {}).get(m, 0.0)) for g in groups), default=0.0)
        if total > 0 and top > share * total:
            return True
    return False


def visible(sums: PotentialSums, sizes: Mapping[Group, int], shown: frozenset[Group], k: int,
            segment_of: Mapping[str, str], share: float | None = None) -> frozenset[Group]:
    """The groups whose sums show: shown by the period's decision, passing the size and complement rules over the
    enterprises with a valued plan, and not dominated by one plan (LIMITS.observatory_max_share). A dominated group
    counts as one plan in the complement rule (so the total minus the shown groups never gives it away), and when
    the hidden groups of a shown total are dominated taken together, nothing is shown."""
    share = LIMITS.observatory_max_share if share is None else share
    valued = {(d, key): sums.valued((d, key)) for d in POTENTIAL_DIMENSIONS for key in sums.groups.get(d, {})}
    valued = {g: v for g, v in valued.items() if v and sizes.get(g, 0)}
    dominated = {g for g in valued if _dominated(sums, [g], share)}
    by_plans = shown_groups({g: 1 if g in dominated else v for g, v in valued.items()}, k, segment_of)
    ok = {g for g in by_plans if g in shown and sizes.get(g, 0) >= k and g not in dominated}
    if OVERALL in ok:
        for dim in ("region", "stage"):
            hidden = [g for g in valued if g[0] == dim and g not in ok]
            if hidden and _dominated(sums, hidden, share):
                return frozenset()
    return frozenset(ok)


def pooled(sums: PotentialSums, sizes: Mapping[Group, int], shown: frozenset[Group], k: int,
           segment_of: Mapping[str, str], order: Mapping[str, int] | None = None) -> dict[str, list[PotentialRow]]:
    """Rows per dimension (overall, stage, region): every group with enterprises, its sums only when visible."""
    ok = visible(sums, sizes, shown, k, segment_of)
    out: dict[str, list[PotentialRow]] = {}
    for dim in POTENTIAL_DIMENSIONS:
        keys = sorted({g[1] for g in sizes if g[0] == dim and sizes[g]},
                      key=lambda key: ((order or {}).get(key, 0), key))
        rows = []
        for key in keys:
            got = sums.groups.get(dim, {}).get(key, {})
            if (dim, key) in ok:
                rows.append(PotentialRow(key, sizes[(dim, key)], int(round(got.get(VALUED, 0.0))),
                                         {m: float(got.get(m, 0.0)) for m in MEASURES}))
            else:
                rows.append(PotentialRow(key, sizes[(dim, key)], None, None))
        out[dim] = rows
    return out


def targets_in(sums: PotentialSums) -> list[str]:
    """The targets any save reported a KPI for, sorted."""
    found = {key.split(":")[1] for groups in sums.groups.values() for cell in groups.values() for key in cell
             if key.startswith("target:") and key.endswith(":n")}
    return sorted(found)


def target_rows(sums: PotentialSums, sizes: Mapping[Group, int], shown: frozenset[Group], k: int,
                segment_of: Mapping[str, str]) -> list[TargetRow]:
    """Per target, over every enterprise: how many valued plans report its KPI, meet it today, meet it with the
    plan. Shown only where the overall sums are visible and at least k plans report the KPI (a subgroup of fewer
    would tell of a few firms); never by stage, so no difference of two shown rows isolates a smaller subgroup."""
    ok = ("overall", "all") in visible(sums, sizes, shown, k, segment_of)
    cell = sums.groups.get("overall", {}).get("all", {})
    rows = []
    for target in targets_in(sums):
        reporting = int(round(cell.get(flag(target, "n"), 0.0)))
        if ok and reporting >= k:
            rows.append(TargetRow(target, "all", reporting, int(round(cell.get(flag(target, "now"), 0.0))),
                                  int(round(cell.get(flag(target, "plan"), 0.0)))))
        else:
            rows.append(TargetRow(target, "all", None, None, None))
    return rows
