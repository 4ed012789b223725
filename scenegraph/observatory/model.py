"""What a repository hands the observatory: counts of enterprises per maturity level, never one firm's answers,
and the graph facts (names, importance, policy reach) the views weigh them with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from scenegraph.base.i18n import pick
from scenegraph.base.limits import ANSWER_LEVELS

__all__ = ["DIMENSIONS", "OVERALL", "Group", "LevelCounts", "GraphFacts", "Movement", "ScenarioFacts", "StageFacts",
           "NO_REGION", "histogram"]

#: the groupings of the distribution view; "overall" has the single key "all"
DIMENSIONS = ("overall", "stage", "region", "segment")
#: the group of enterprises that gave no region
NO_REGION = "—"
N_LEVELS = len(ANSWER_LEVELS)
#: one group the observatory publishes figures for: (dimension, key); dimension "scenario" for the lagging view
Group = tuple[str, str]
OVERALL: Group = ("overall", "all")


def histogram() -> list[int]:
    return [0] * N_LEVELS


@dataclass(frozen=True)
class LevelCounts:
    """Enterprises per maturity level (0-5), over the latest save of each enterprise at or before `as_of`.

    `groups[dimension][key]` counts enterprises by their level in that group (overall score, a stage's score, a
    segment's score; region groups by overall level). `scenarios[sc]` counts, over the enterprises to which the
    scenario applies, the level they answered (unanswered = 0)."""

    as_of: datetime | None
    enterprises: int
    groups: dict[str, dict[str, tuple[int, ...]]]
    scenarios: dict[str, tuple[int, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Movement:
    """Who moved between two period ends, without names or levels: for each enterprise that entered, left or
    re-saved in between, every group it belonged to at some time in between (its saves' regions, stages, segments
    and applicable scenarios, and OVERALL). The disclosure control counts movers per group from it."""

    groups: tuple[frozenset[Group], ...] = ()

    def moved(self, groups: set[Group] | frozenset[Group]) -> int:
        """Enterprises that entered, left or re-saved in any of `groups` (each counted once)."""
        return sum(1 for g in self.groups if not g.isdisjoint(groups))

    def per_group(self) -> dict[Group, int]:
        out: dict[Group, int] = {}
        for g in self.groups:
            for key in g:
                out[key] = out.get(key, 0) + 1
        return out


@dataclass(frozen=True)
class ScenarioFacts:
    name_zh: str
    name_en: str
    importance: int
    #: policy targets reached (through IMPROVES -> KPI -> CONTRIBUTES_TO* -> TRACKS) and requirements ADDRESSED
    targets: int
    requirements: int

    @property
    def policy_weight(self) -> int:
        """1 + targets + requirements reached: a scenario the plan asks for weighs more than one it is silent on."""
        return 1 + self.targets + self.requirements


@dataclass(frozen=True)
class StageFacts:
    name_zh: str
    name_en: str
    order: int
    segment: str


@dataclass(frozen=True)
class GraphFacts:
    scenarios: dict[str, ScenarioFacts]
    stages: dict[str, StageFacts]

    def name(self, node_id: str, lang: str) -> str:
        facts = self.scenarios.get(node_id) or self.stages.get(node_id)
        if facts is None:
            return node_id
        return pick(lang, facts.name_zh, facts.name_en)
