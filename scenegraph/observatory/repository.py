"""The observatory's repository protocol. The observatory owns it; the stores implement it (memory computes in
Python, Neo4j pushes the counting down to Cypher). Every call takes the caller's Principal and requires the
planner role, so no page or CLI path reaches aggregates without it, and none reaches one firm's answers."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from scenegraph.auth.access import Principal
from scenegraph.observatory.model import GraphFacts, LevelCounts

__all__ = ["ObservatoryRepository"]


@runtime_checkable
class ObservatoryRepository(Protocol):
    def level_counts(self, principal: Principal, as_of: datetime | None = None,
                     scenarios: bool = True) -> LevelCounts:
        """Counts over the latest save of each enterprise at or before `as_of` (None: the latest of all); the
        per-scenario counts (the lagging view) only when `scenarios`."""
        ...

    def graph_facts(self, principal: Principal) -> GraphFacts:
        """Names, importance and policy reach of the scenarios; names, order and segment of the stages."""
        ...
