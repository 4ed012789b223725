"""The observatory counts alike on both stores: memory computes in Python, Neo4j in Cypher (a real server)."""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from scenegraph.assess.model import Assessment, applicable_scenarios
from scenegraph.auth.access import LOCAL, Principal, Role
from scenegraph.base.errors import AccessDenied
from scenegraph.curation.synth import synth_histories
from scenegraph.observatory import brief, change
from scenegraph.observatory.facts import graph_facts
from scenegraph.observatory.summary import ScoringFacts, Summariser, from_row, summarise
from scenegraph.observatory.valuer import summariser_of
from scenegraph.stores import MemoryStore
from scenegraph.stores.files.assessments import AssessmentArchive
from scenegraph.stores.memory.observatory import MemoryObservatory, archive_observatory
from scenegraph.stores.neo4j.assessments import summary_params
from tests.conftest import forget_neo4j_contents, load_into_neo4j

PLANNER = Principal("p", frozenset({Role.PLANNER}))


def _between(saves: list[Assessment]) -> list[datetime]:
    """As-of times that catch every boundary: each save's own time, a microsecond before it, the midnight and the
    end of its day, a week later, and none (the latest)."""
    out: list = [None, datetime(2020, 1, 1, tzinfo=UTC)]
    for a in saves[::7]:
        at = a.at
        out += [at, at - timedelta(microseconds=1), at.replace(hour=0, minute=0, second=0, microsecond=0),
                at.replace(hour=23, minute=59, second=59, microsecond=999999), at + timedelta(days=7, hours=3)]
    return out


@pytest.mark.neo4j
def test_neo4j_counts_equal_memory_counts(neo4j_store, shipped, caplog):
    from scenegraph.stores.neo4j import observatory as neo_obs
    from scenegraph.stores.neo4j.observatory import Neo4jObservatory

    store = load_into_neo4j(neo4j_store, shipped)
    forget_neo4j_contents()  # the saves below add enterprises: the next test reloads a clean graph
    try:
        saves = list(synth_histories(shipped, 30, saves=3, seed=9))
        # one enterprise with no region and an unanswered applicable scenario: a region cell below k
        first = saves[0]
        saves.append(Assessment(enterprise_id="ent_no_region", name="x", region=None, stages=first.stages,
                                at=datetime(2025, 3, 1, tzinfo=UTC),
                                answers=dict(list(first.answers.items())[1:])))
        # two saves on one day: one day's delta holds both, a time within the day separates them
        saves.append(first.model_copy(update={"enterprise_id": "ent_same_day", "at": datetime(2025, 3, 1, 8,
                                                                                               tzinfo=UTC)}))
        saves.append(first.model_copy(update={"enterprise_id": "ent_same_day", "at": datetime(2025, 3, 1, 17,
                                                                                               tzinfo=UTC),
                                              "answers": {sc: 5 for sc in first.answers}}))
        early, late = saves[:40], saves[40:]
        for a in early:
            store.save_assessment(LOCAL, a)
        neo = Neo4jObservatory(store)
        with caplog.at_level(logging.INFO, logger=neo_obs.__name__):
            assert neo.prepare(again=True) == 0  # first use: builds the aggregates from the summaries
        assert "building the aggregates" in caplog.text
        built = neo.marker()
        assert built is not None and built.ready  # views read the aggregates
        assert built.weeks_from is not None and built.weeks_to is not None and built.weeks_from < built.weeks_to
        # later saves keep them up to date: most are dated before weeks already built (back-dated for them)
        for a in late:
            store.save_assessment(LOCAL, a)
        memory = MemoryObservatory(shipped, lambda: saves)
        for as_of in _between(saves):
            want, got = memory.level_counts(PLANNER, as_of), neo.level_counts(PLANNER, as_of)
            assert got.enterprises == want.enterprises
            for dim in ("overall", "stage", "region", "segment"):
                assert got.groups.get(dim, {}) == want.groups.get(dim, {}), (as_of, dim)
            assert got.scenarios == want.scenarios, as_of
            assert neo.level_counts(PLANNER, as_of, scenarios=False) == \
                memory.level_counts(PLANNER, as_of, scenarios=False), as_of
            assert neo.scan_counts(PLANNER, as_of) == want, as_of  # the summary-scan path agrees too
        facts = neo.graph_facts(PLANNER)
        assert facts == graph_facts(shipped)
        b = brief(neo.level_counts(PLANNER), facts)
        assert b == brief(memory.level_counts(PLANNER), graph_facts(shipped))
        assert any(r.suppressed for r in b.distributions["region"])  # the cell below k stays hidden
        mid = datetime(2025, 3, 1, 12, tzinfo=UTC)
        assert change(neo.level_counts(PLANNER, mid), neo.level_counts(PLANNER), "stage", facts=facts) == \
            change(memory.level_counts(PLANNER, mid), memory.level_counts(PLANNER), "stage", facts=facts)
        # a later process reads the marker, it does not rebuild
        marker = neo.marker()
        neo_obs.forget_checked()
        assert Neo4jObservatory(store).prepare() == 0
        again = neo.marker()
        assert marker is not None and again is not None and again.heartbeat == marker.heartbeat
        # an old database (summaries, no aggregates) is built on first use with the same answers
        store.execute("MATCH (n) WHERE n:ObsAggregate OR n:ObsDelta OR n:ObsSnapshot DELETE n")
        neo_obs.forget_checked()
        for as_of in _between(saves)[:12]:
            assert Neo4jObservatory(store).level_counts(PLANNER, as_of) == memory.level_counts(PLANNER, as_of)
        with pytest.raises(AccessDenied):
            neo.level_counts(Principal("firm", frozenset({Role.ENTERPRISE}), frozenset({"ent_a"})))
    finally:
        forget_neo4j_contents()


@pytest.mark.neo4j
def test_neo4j_concurrent_saves_lose_no_update(neo4j_store, shipped):
    """Saves at once (one day's rows, one enterprise's chain) queue on the aggregates' lock: none is lost."""
    from scenegraph.stores.neo4j.observatory import Neo4jObservatory

    store = load_into_neo4j(neo4j_store, shipped)
    forget_neo4j_contents()
    try:
        neo = Neo4jObservatory(store)
        neo.prepare(again=True)
        base = list(synth_histories(shipped, 16, saves=1, seed=3))
        day = datetime(2025, 5, 5, 9, tzinfo=UTC)
        saves = [a.model_copy(update={"at": day + timedelta(seconds=i)}) for i, a in enumerate(base)]
        # the same enterprise twice at once: its chain of summaries stays whole
        saves += [base[0].model_copy(update={"at": day + timedelta(minutes=5), "answers": {
            sc: 4 for sc in base[0].answers}}),
                  base[0].model_copy(update={"at": day + timedelta(minutes=6), "answers": {
                      sc: 1 for sc in base[0].answers}})]
        with ThreadPoolExecutor(max_workers=6) as pool:
            stored = list(pool.map(lambda a: store.save_assessment(LOCAL, a), saves))
        memory = MemoryObservatory(shipped, lambda: stored)
        for as_of in (None, day + timedelta(hours=1), day + timedelta(days=1)):
            assert neo.level_counts(PLANNER, as_of) == memory.level_counts(PLANNER, as_of), as_of
    finally:
        forget_neo4j_contents()


def _with_history(saves: list[Assessment], shipped) -> list[Assessment]:
    """The first enterprise moves: its last save is in another region and operates other stages."""
    first = saves[0].enterprise_id
    last = max((a for a in saves if a.enterprise_id == first), key=lambda a: a.at)
    others = [s for s in shipped.ordered("Stage") if s not in last.stages
              and any(s in shipped.stages_of(sc) for sc in shipped.ids("Scenario"))][:1]
    answers = {sc: 4 for sc in applicable_scenarios(shipped, others)}
    moved = last.model_copy(update={"region": "测试区 test region", "stages": others, "answers": answers,
                                    "at": last.at.replace(year=last.at.year + 1)})
    return [*saves, moved]


def _as_ofs():
    return (None, datetime(2024, 12, 31, tzinfo=UTC), datetime(2025, 6, 1, tzinfo=UTC),
            datetime(2020, 1, 1, tzinfo=UTC))


def test_memory_summaries_are_written_at_save_time_and_equal_a_recount(tmp_path, shipped):
    store = MemoryStore(shipped, AssessmentArchive(tmp_path / "assessments.json"))
    saves = _with_history(list(synth_histories(shipped, 8, saves=2, seed=4)), shipped)
    for a in saves:
        store.save_assessment(LOCAL, a)
    summariser = summariser_of(shipped)  # scoring facts and each plan's potential (observatory/valuer.py)
    stored = json.loads(store.archive.summaries_path.read_text(encoding="utf-8"))  # written by the saves
    assert stored["key"] == summariser.key and tuple(stored["archive"]) == store.archive.stamp()
    assert stored["key"].startswith(ScoringFacts.from_graph(shipped).key)
    assert stored["rows"] == [summariser(a) for a in store.archive.records()]
    # the save's own stages and region, not the enterprise's current ones
    moved = [from_row(r) for r in stored["rows"] if r["enterprise_id"] == saves[0].enterprise_id]
    assert moved[0].region != "测试区 test region" and moved[-1].region == "测试区 test region"
    assert set(moved[0].stages) == set(saves[0].stages) and set(moved[-1].stages) == set(saves[-1].stages)
    recount = MemoryObservatory(shipped, lambda: saves)
    archived = archive_observatory(shipped, store.archive)
    for as_of in _as_ofs():
        assert archived.level_counts(PLANNER, as_of) == recount.level_counts(PLANNER, as_of)


def test_an_old_archive_without_summaries_is_backfilled(tmp_path, shipped):
    archive = AssessmentArchive(tmp_path / "assessments.json")
    saves = list(synth_histories(shipped, 12, saves=3, seed=5))
    archive.extend(saves)  # as an older version wrote it: no summaries
    assert not archive.summaries_path.exists()
    obs = archive_observatory(shipped, archive)
    want = MemoryObservatory(shipped, lambda: saves)
    for as_of in _as_ofs():
        assert obs.level_counts(PLANNER, as_of) == want.level_counts(PLANNER, as_of)
    assert archive.summaries_path.exists()
    rows = archive.summaries(Summariser(ScoringFacts.from_graph(shipped)))
    assert len(rows) == len(saves)
    # a save by an older version (no summary) is summarised on the next read; the others are kept
    extra = saves[0].model_copy(update={"at": datetime(2026, 1, 1, tzinfo=UTC), "answers": {
        sc: 5 for sc in saves[0].answers}})
    archive.save(extra)
    again = archive_observatory(shipped, archive).level_counts(PLANNER)
    assert again == MemoryObservatory(shipped, lambda: [*saves, extra]).level_counts(PLANNER)


@pytest.mark.neo4j
def test_neo4j_summaries_are_written_at_save_time_equal_a_recount_and_are_backfilled(neo4j_store, shipped):
    from scenegraph.stores.neo4j.observatory import Neo4jObservatory

    store = load_into_neo4j(neo4j_store, shipped)
    forget_neo4j_contents()
    try:
        saves = _with_history(list(synth_histories(shipped, 6, saves=2, seed=6)), shipped)
        saved = [store.save_assessment(LOCAL, a) for a in saves]
        facts = ScoringFacts.from_graph(shipped)
        rows, _, _ = store.execute("MATCH (s:SaveSummary) RETURN s ORDER BY s.enterprise_id, s.at")
        got = [dict(r["s"]) for r in rows]
        want = sorted((summary_params(summarise(facts, a), facts.key) for a in saved),
                      key=lambda p: (p["enterprise_id"], p["at"]))
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert {k: v for k, v in g.items() if k not in ("at", "until")} == \
                {k: v for k, v in w.items() if k != "at"}
            assert g["at"].to_native() == w["at"]
        memory = MemoryObservatory(shipped, lambda: saves)
        neo = Neo4jObservatory(store)
        for as_of in _as_ofs():
            assert neo.level_counts(PLANNER, as_of) == memory.level_counts(PLANNER, as_of), as_of
        # an old database: saves without summaries are summarised on the observatory's first use
        store.execute("MATCH (s:SaveSummary) DETACH DELETE s")
        assert neo.prepare(again=True) == len({a.enterprise_id for a in saves})
        assert neo.level_counts(PLANNER) == memory.level_counts(PLANNER)
    finally:
        forget_neo4j_contents()
