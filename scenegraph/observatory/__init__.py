"""The planners' observatory: pooled self-assessments turned into aggregates that never expose one firm.

Pure aggregation (`views`) over level counts that a repository computes (`repository`: the protocol; the
memory side computes in Python, Neo4j pushes the counting down to Cypher). Every cell built from fewer than k
enterprises is suppressed. Only planners may call it (access.Role.PLANNER).
"""

from scenegraph.observatory.goal import NATIONAL_GOAL, Goal
from scenegraph.observatory.model import GraphFacts, LevelCounts, ScenarioFacts, StageFacts
from scenegraph.observatory.repository import ObservatoryRepository
from scenegraph.observatory.views import (
    Brief,
    ChangeRow,
    DistributionRow,
    GoalRow,
    LagRow,
    brief,
    change,
    distribution,
    goal_shares,
    lagging,
)

__all__ = [
    "NATIONAL_GOAL", "Brief", "ChangeRow", "DistributionRow", "Goal", "GoalRow", "GraphFacts", "LagRow",
    "LevelCounts", "ObservatoryRepository", "ScenarioFacts", "StageFacts", "brief", "change", "distribution",
    "goal_shares", "lagging",
]
