"""How well a scenario's effect is backed, one rule for the lens, the gap list and the roadmap: a number a
source states (quantified, with its locator), a sourced effect in words, or none. Nothing is estimated: a
scenario without a sourced effect ranks after those with one and says so."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["EFFECT_NONE", "EFFECT_QUANTIFIED", "EFFECT_WORDS", "best_tier", "effect_tier", "grade_rank"]

#: a quantified effect a source states (ImprovesProps: value or low-high with metric, unit, source, locator)
EFFECT_QUANTIFIED = 0
#: an effect in words with a source behind it
EFFECT_WORDS = 1
#: no sourced effect (none stated, or an illustrative one)
EFFECT_NONE = 2


def effect_tier(props: Mapping[str, Any] | None) -> int:
    """The tier of one IMPROVES relationship's effect (lower is better backed)."""
    if not props or props.get("illustrative") or not props.get("source"):
        return EFFECT_NONE
    if props.get("value") is not None or props.get("low") is not None:
        return EFFECT_QUANTIFIED
    return EFFECT_WORDS if props.get("effect") or props.get("effect_zh") else EFFECT_NONE


def best_tier(all_props: Iterable[Mapping[str, Any] | None]) -> int:
    return min((effect_tier(p) for p in all_props), default=EFFECT_NONE)


def grade_rank(grade: str | None) -> int:
    """Evidence grade A-D as a sort key (A first; a scenario without one last)."""
    return "ABCD".index(grade) if grade in ("A", "B", "C", "D") else 4
