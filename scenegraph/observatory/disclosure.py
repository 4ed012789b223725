"""The disclosure control: which groups of one period's tables are shown. Pure; the publisher (publish.py) runs it
period after period, so each period is decided knowing what the one before showed and who moved in between.

The rules, for a minimum group size k:

1. Size: a group of fewer than k enterprises is hidden (its size may show, never its levels).
2. Change: a group's figures may only change when at least k of its enterprises entered, left or re-saved since
   the previous period end. With 1 to k-1 movers it is hidden; with none it shows exactly as before (shown or
   hidden). So any two figures ever shown for a group are equal or differ by the saves of at least k enterprises.
3. Complement: where groups add up to a margin (regions, segments and stages to all enterprises; a segment's
   stages to the segment), the hidden groups of a shown margin hold at least k enterprises together, and, against
   the period the margin was last shown, at least k (or no) movers together; else the smallest group that moved
   is hidden too, or else the margin. A hidden segment hides its stages, and a hidden "all enterprises" hides
   every level table (the per-scenario table has no margin and keeps rules 1-2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from scenegraph.observatory.model import OVERALL, Group, LevelCounts, Movement

__all__ = ["Published", "equations", "group_sizes", "shown_groups"]

LEVEL_DIMENSIONS = ("overall", "region", "stage", "segment")


@dataclass(frozen=True)
class Published:
    """What one period showed: the size of every group present and the groups shown."""

    n: Mapping[Group, int]
    shown: frozenset[Group]

    def hidden(self) -> set[Group]:
        return {g for g, size in self.n.items() if size and g not in self.shown}


def group_sizes(counts: LevelCounts) -> dict[Group, int]:
    out = {(d, key): sum(c) for d, groups in counts.groups.items() for key, c in groups.items() if sum(c)}
    out.update({("scenario", sc): sum(c) for sc, c in counts.scenarios.items() if sum(c)})
    return out


def equations(groups: Iterable[Group], segment_of: Mapping[str, str]) -> list[tuple[Group, list[Group]]]:
    """(margin, members) where the members' histograms may add up to the margin's: regions always do (one region
    each); segments and stages do when every enterprise is in one (so they are treated as if they did)."""
    by_dim: dict[str, list[Group]] = {}
    for g in sorted(set(groups)):
        by_dim.setdefault(g[0], []).append(g)
    eqs = [(OVERALL, by_dim.get(d, [])) for d in ("region", "segment", "stage")]
    for seg in by_dim.get("segment", []):
        eqs.append((seg, [s for s in by_dim.get("stage", []) if segment_of.get(s[1]) == seg[1]]))
    return [(m, members) for m, members in eqs if members]


def shown_groups(n: Mapping[Group, int], k: int, segment_of: Mapping[str, str], moved: Movement | None = None,
                 before: Published | None = None,
                 last_shown: Callable[[Group], tuple[Published, Movement] | None] | None = None) -> frozenset[Group]:
    """The groups shown. Without `moved` (one table on its own, no history) rules 1 and 3 only; with it, `before`
    is the previous period end's decision (None: nothing was published before) and `last_shown(margin)` the
    decision of the period a margin was last shown with the movement since (None: never shown)."""
    per = moved.per_group() if moved is not None else {}
    shown_before = before.shown if before is not None else frozenset()
    hidden: set[Group] = set()
    for g, size in n.items():
        m = per.get(g, 0)
        if size < k or (moved is not None and (0 < m < k or (m == 0 and g not in shown_before))):
            hidden.add(g)
    present = [g for g, size in n.items() if size]
    eqs = equations([*present, *(before.n if before is not None else ())], segment_of)

    def smallest(members: list[Group]) -> Group | None:
        """The shown member to hide with the others: the smallest that moved (hiding one that did not protects
        nothing, its figures are those shown before), any smallest without history."""
        cands = [g for g in members if g not in hidden and n.get(g, 0) and (moved is None or per.get(g, 0))]
        return min(cands, key=lambda g: (n[g], g)) if cands else None

    changed = True
    while changed:
        changed = False

        def hide(g: Group) -> None:
            nonlocal changed
            if g in n and g not in hidden:
                hidden.add(g)
                changed = True

        if OVERALL in hidden:
            for g in present:
                if g[0] in LEVEL_DIMENSIONS:
                    hide(g)
        for margin, members in eqs:
            if margin[0] == "segment" and margin in hidden:
                for g in members:
                    hide(g)
            members = [g for g in members if n.get(g, 0)]
            hid = [g for g in members if g in hidden]
            if margin not in n or margin in hidden or not hid:  # no margin shown: nothing to subtract from
                continue
            short = sum(n[g] for g in hid) < k
            if not short and moved is not None and last_shown is not None:
                earlier = last_shown(margin)
                if earlier is not None:
                    then, since = earlier
                    union = set(hid) | {g for g in then.hidden() if _member_of(g, margin, members[0][0], segment_of)}
                    short = 0 < since.moved(union) < k
            if short:
                extra = smallest(members)
                hide(extra if extra is not None else margin)
    return frozenset(g for g in present if g not in hidden)


def _member_of(g: Group, margin: Group, dimension: str, segment_of: Mapping[str, str]) -> bool:
    """Whether `g` is a member of the equation of `margin` over `dimension`."""
    return g[0] == dimension and (margin == OVERALL or segment_of.get(g[1]) == margin[1])
