"""The observatory's repository protocol. The observatory owns it; the stores implement it (memory computes in
Python, Neo4j pushes the counting down to Cypher). Every call takes the caller's Principal and requires the
planner role, so no page or CLI path reaches aggregates without it, and none reaches one firm's answers.

These are the raw counts at any instant: pages and the CLI never read them directly, they get the publisher
(publish.Observatory, composed in stores/compose.py), which reads them at period ends only and applies the
disclosure control before anything leaves it."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from scenegraph.auth.access import Principal
from scenegraph.observatory.model import GraphFacts, LevelCounts, Movement
from scenegraph.observatory.potential import PotentialSums

__all__ = ["ObservatoryRepository"]


@runtime_checkable
class ObservatoryRepository(Protocol):
    def level_counts(self, principal: Principal, as_of: datetime | None = None,
                     scenarios: bool = True) -> LevelCounts:
        """Counts over the latest save of each enterprise at or before `as_of` (None: the latest of all); the
        per-scenario counts (the lagging view) only when `scenarios`."""
        ...

    def movement(self, principal: Principal, since: datetime, until: datetime) -> Movement:
        """For each enterprise with a save in (since, until]: every group it belonged to at some time in
        [since, until] (the summary current at `since` and those saved after it), without its name or levels."""
        ...

    def first_save(self, principal: Principal) -> datetime | None:
        """The time of the earliest save (None: no save): where the publication calendar starts."""
        ...

    def potential_sums(self, principal: Principal, as_of: datetime | None = None) -> PotentialSums:
        """The saved plans' potential (summary.SaveSummary.potential) summed over the latest save of each enterprise
        at or before `as_of`, overall, by region and by stage: sums, never one save's value."""
        ...

    def graph_facts(self, principal: Principal) -> GraphFacts:
        """Names, importance and policy reach of the scenarios; names, order and segment of the stages."""
        ...
