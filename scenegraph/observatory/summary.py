"""The per-save summary, computed AT SAVE TIME and stored beside the save (the embedded archive's summaries file;
a :SaveSummary node on Neo4j), so every observatory view reads small summaries, never per-answer rows.

A summary holds what the observatory counts, as the save saw it: its enterprise, time and region, the stages it
operated then, its level overall, per stage and per chain segment, and the level of every scenario applicable
at those stages (unanswered = 0). Levels are the Scorer's: importance-weighted means mapped to GB/T 39116 levels.

The summariser works on plain `ScoringFacts` (weights, where each scenario applies, each stage's segment), read
from an embedded graph or from Neo4j, so both stores summarise with this one function. `facts.key` fingerprints
those facts: a summary written under other facts (a new graph release) is recomputed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from scenegraph.assess.model import Assessment
from scenegraph.assess.scoring import maturity_level
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.observatory.model import NO_REGION, OVERALL, Group

__all__ = ["SaveSummary", "ScoringFacts", "Summariser", "Valuer", "from_row", "groups_of", "summarise", "to_row"]


@dataclass(frozen=True)
class SaveSummary:
    enterprise_id: str
    at: datetime
    region: str
    level: int
    stages: dict[str, int]
    segments: dict[str, int]
    #: every scenario applicable at the stages operated -> the level answered (0 when not answered)
    scenarios: dict[str, int]
    #: the saved plan's potential (potential.py: measure -> the plan's median per year; a target's "now:"/"plan:"
    #: flags 0/1), computed at save time from the save's plant profile; empty when the save values nothing
    potential: dict[str, float] = field(default_factory=dict)


def groups_of(region: str | None, stages: Iterable[str], segments: Iterable[str],
              scenarios: Iterable[str]) -> set[Group]:
    """Every group one save counts in (disclosure.py counts who moved through them)."""
    return {OVERALL, ("region", region or NO_REGION), *(("stage", s) for s in stages),
            *(("segment", g) for g in segments), *(("scenario", sc) for sc in scenarios)}


@dataclass(frozen=True)
class ScoringFacts:
    """What a summary is computed from: stages in order with their segment, each scenario's weight (importance)
    and the stages it applies at."""

    stage_order: tuple[str, ...]
    segment_of: Mapping[str, str]
    weight: Mapping[str, float]
    stages_of: Mapping[str, tuple[str, ...]]
    _by_stage: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        by_stage: dict[str, list[str]] = {s: [] for s in self.stage_order}
        for sc in sorted(self.stages_of):
            for stage in self.stages_of[sc]:
                by_stage.setdefault(stage, []).append(sc)
        self._by_stage.update(by_stage)

    @classmethod
    def from_graph(cls, graph: ScenarioGraph) -> ScoringFacts:
        return cls(tuple(graph.ordered("Stage")),
                   {s: str(graph.node(s).get("segment") or "") for s in graph.ids("Stage")},
                   {sc: graph.node(sc)["importance"] for sc in graph.ids("Scenario")},
                   {sc: tuple(graph.stages_of(sc)) for sc in graph.ids("Scenario")})

    @property
    def key(self) -> str:
        """A fingerprint of the facts: summaries stored under another key are out of date."""
        body = json.dumps([list(self.stage_order), sorted(self.segment_of.items()),
                           sorted((sc, float(w)) for sc, w in self.weight.items()),
                           sorted((sc, sorted(st)) for sc, st in self.stages_of.items())], ensure_ascii=False)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]

    def scenarios_at(self, stage: str) -> list[str]:
        return self._by_stage.get(stage, [])

    def level_of(self, scenarios: Iterable[str], answers: Mapping[str, int]) -> int:
        """The level of the importance-weighted mean (the same arithmetic, in the same order, as Scorer)."""
        total_w = total = 0.0
        for sc in scenarios:
            w = self.weight[sc]
            total_w += w
            total += w * answers.get(sc, 0)
        return maturity_level(total / total_w if total_w else 0.0)


def summarise(facts: ScoringFacts, a: Assessment, valuer: Valuer | None = None) -> SaveSummary:
    """The summary of one save, with the stages and region of that save (not the enterprise's current ones), and,
    with a valuer, the potential of its plan (None: nothing valued)."""
    wanted = set(a.stages)
    stages = [s for s in facts.stage_order if s in wanted]
    applicable = sorted({sc for s in stages for sc in facts.scenarios_at(s)})
    answers = a.answers
    by_segment: dict[str, set[str]] = {}
    for s in stages:
        by_segment.setdefault(facts.segment_of.get(s, ""), set()).update(facts.scenarios_at(s))
    return SaveSummary(
        a.enterprise_id, a.at, (a.region or "").strip() or NO_REGION,
        facts.level_of(applicable, answers),
        {s: facts.level_of(facts.scenarios_at(s), answers) for s in stages},
        {seg: facts.level_of(sorted(scs), answers) for seg, scs in by_segment.items()},
        {sc: answers.get(sc, 0) for sc in applicable},
        dict(valuer(a)) if valuer is not None else {},
    )


def to_row(s: SaveSummary) -> dict[str, Any]:
    """A JSON-ready row (the archive's summaries file)."""
    return {"enterprise_id": s.enterprise_id, "at": s.at.isoformat(), "region": s.region, "level": s.level,
            "stages": s.stages, "segments": s.segments, "scenarios": s.scenarios, "potential": s.potential}


def from_row(row: Mapping[str, Any]) -> SaveSummary:
    return SaveSummary(str(row["enterprise_id"]), datetime.fromisoformat(row["at"]), str(row["region"]),
                       int(row["level"]), dict(row["stages"]), dict(row["segments"]), dict(row["scenarios"]),
                       {str(k): float(v) for k, v in (row.get("potential") or {}).items()})


class Valuer(Protocol):
    """A save's plan potential (potential.py's measures and flags); `key` fingerprints what it values with (the
    graph's effects), so summaries valued under other effects are rebuilt."""

    key: str

    def __call__(self, assessment: Assessment) -> Mapping[str, float]: ...


class Summariser:
    """Save -> summary row, for the archive (assess.archive.RowSummariser): `key` is the facts' fingerprint (and the
    valuer's)."""

    def __init__(self, facts: ScoringFacts, valuer: Valuer | None = None):
        self.facts = facts
        self.valuer = valuer
        self.key = facts.key if valuer is None else f"{facts.key}-{valuer.key}"

    def __call__(self, assessment: Assessment) -> dict[str, Any]:
        return to_row(summarise(self.facts, assessment, self.valuer))
