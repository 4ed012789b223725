"""The planners' observatory: pooled self-assessments turned into aggregates that never expose one firm.

Pure aggregation (`views`) over level counts that a repository computes (`repository`: the protocol; the
memory side computes in Python, Neo4j pushes the counting down to Cypher). Planners get the publisher (`publish`):
figures at closed month ends only (`calendar`), with the disclosure control (`disclosure`) that resists
differencing across groups, dates and the change view, at the server's minimum k. Only planners may call it
(access.Role.PLANNER).
"""

from scenegraph.observatory.goal import NATIONAL_GOAL, Goal
from scenegraph.observatory.model import GraphFacts, LevelCounts, Movement, ScenarioFacts, StageFacts
from scenegraph.observatory.publish import Observatory
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
    "LevelCounts", "Movement", "Observatory", "ObservatoryRepository", "ScenarioFacts", "StageFacts", "brief",
    "change", "distribution", "goal_shares", "lagging",
]
