"""The observatory over the embedded store: it reads save summaries (written at save time into the archive's
summaries file, see summary.py), holds them as columns (table.py), and counts with numpy; never per-answer rows.

Given only saved assessments (a callable, as in tests and the bench's naive side), each save is summarised
once and cached by (enterprise, time)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from scenegraph.assess.model import Assessment
from scenegraph.assess.scoring import Scorer
from scenegraph.auth.access import Principal, Role, require_role
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.observatory.facts import graph_facts
from scenegraph.observatory.model import GraphFacts, Group, LevelCounts, Movement
from scenegraph.observatory.potential import PotentialSums
from scenegraph.observatory.summary import SaveSummary, ScoringFacts, Summariser, from_row, groups_of, summarise
from scenegraph.observatory.table import SummaryTable
from scenegraph.observatory.valuer import summariser_of
from scenegraph.stores.files.assessments import AssessmentArchive

__all__ = ["ArchiveSummaries", "MemoryObservatory", "SaveSummary", "archive_observatory", "count_latest", "summarise"]


class MemoryObservatory:
    """Either `assessments` (every saved assessment, summarised here) or `summaries` (the stored summaries; the
    same list object back while nothing changed, so the columns are built once per change)."""

    def __init__(self, graph: ScenarioGraph, assessments: Callable[[], Iterable[Assessment]] | None = None,
                 scorer: Scorer | None = None, summaries: Callable[[], Sequence[SaveSummary]] | None = None):
        if (assessments is None) == (summaries is None):
            raise ValueError("give the observatory either assessments or summaries")
        self.graph = graph
        self.scoring = ScoringFacts.from_graph(graph)
        self._assessments = assessments
        self._source = summaries
        self._summaries: dict[tuple[str, datetime], SaveSummary] = {}
        self._table: tuple[Sequence[SaveSummary], SummaryTable] | None = None
        self._facts: GraphFacts | None = None

    def summaries(self) -> Sequence[SaveSummary]:
        if self._source is not None:
            return self._source()
        out = []
        for a in self._assessments():  # type: ignore[misc]
            key = (a.enterprise_id, a.at)
            s = self._summaries.get(key)
            if s is None:
                s = self._summaries[key] = summarise(self.scoring, a)
            out.append(s)
        return out

    def table(self) -> SummaryTable:
        rows = self.summaries()
        held = self._table
        if held is None or held[0] is not rows or self._source is None:
            held = self._table = (rows, SummaryTable(rows))
        return held[1]

    def level_counts(self, principal: Principal, as_of: datetime | None = None,
                     scenarios: bool = True) -> LevelCounts:
        require_role(principal, Role.PLANNER)
        return self.table().counts(as_of, scenarios)

    def potential_sums(self, principal: Principal, as_of: datetime | None = None) -> PotentialSums:
        require_role(principal, Role.PLANNER)
        return self.table().potential_sums(as_of)

    def movement(self, principal: Principal, since: datetime, until: datetime) -> Movement:
        require_role(principal, Role.PLANNER)
        table = self.table()
        rows = self._table[0] if self._table else ()  # the rows the table was built from
        out = []
        for picked in table.moving(since, until):
            groups: set[Group] = set()
            for i in picked.tolist():
                s = rows[i]
                groups |= groups_of(s.region, s.stages, s.segments, s.scenarios)
            out.append(frozenset(groups))
        return Movement(tuple(out))

    def first_save(self, principal: Principal) -> datetime | None:
        require_role(principal, Role.PLANNER)
        rows = self.summaries()
        return min((s.at for s in rows), default=None)

    def graph_facts(self, principal: Principal) -> GraphFacts:
        require_role(principal, Role.PLANNER)
        if self._facts is None:
            self._facts = graph_facts(self.graph)
        return self._facts


def count_latest(summaries: Sequence[SaveSummary], as_of: datetime | None = None) -> LevelCounts:
    return SummaryTable(summaries).counts(as_of)


class ArchiveSummaries:
    """The summaries stored in an embedded archive, parsed once per change of the archive (the same list back
    while it is unchanged); summaries missing from an old archive are rebuilt on first read."""

    def __init__(self, archive: AssessmentArchive, summariser: Summariser):
        self.archive = archive
        self.summariser = summariser
        self._held: tuple[tuple[int, int], list[SaveSummary]] | None = None

    def __call__(self) -> list[SaveSummary]:
        stamp = self.archive.stamp()
        if self._held is None or self._held[0] != stamp:
            self._held = (stamp, [from_row(r) for r in self.archive.summaries(self.summariser)])
        return self._held[1]


def archive_observatory(graph: ScenarioGraph, archive: AssessmentArchive) -> MemoryObservatory:
    """The observatory over an embedded archive: reads its save summaries only."""
    return MemoryObservatory(graph, summaries=ArchiveSummaries(archive, summariser_of(graph)))
