"""Saved assessments on both stores (the contract): history kept, saves never overwrite each other."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from scenegraph.assess import AssessmentError, parse_assessment
from scenegraph.auth.access import LOCAL
from scenegraph.stores import MemoryStore, StoreError
from scenegraph.stores.files.assessments import ArchiveDamaged, AssessmentArchive
from tests.conftest import forget_neo4j_contents, load_into_neo4j

WHEN = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, small_graph, tmp_path):
    if request.param == "memory":
        yield MemoryStore(small_graph, AssessmentArchive(tmp_path / "archive.json"))
        return
    neo = load_into_neo4j(request.getfixturevalue("neo4j_store"), small_graph)
    forget_neo4j_contents()  # the saves below add enterprises: the next test reloads a clean graph
    yield neo
    forget_neo4j_contents()


def answers(graph, level, at=WHEN, ent="ent_acme", stages=("smelting",), **more):
    return parse_assessment({"enterprise_id": ent, "name": "某铝业", "region": "广西", "stages": list(stages),
                             "at": at, "answers": {"sc_measure": level, "sc_feed": level - 1, **more}}, graph)


def test_history_is_kept_and_reloads_whole(store, small_graph):
    first = store.save_assessment(LOCAL, answers(small_graph, 2))
    second = store.save_assessment(LOCAL, answers(small_graph, 4, at=WHEN + timedelta(days=90), sc_twin=0))
    other = store.save_assessment(LOCAL, answers(small_graph, 1, ent="ent_other", stages=("smelting", "refining"),
                                          sc_digest=3))
    assert first.at == WHEN and second.at == WHEN + timedelta(days=90)
    listed = store.assessments(LOCAL, "ent_acme")
    assert [(s.enterprise_id, s.at, s.answers) for s in listed] == [("ent_acme", WHEN, 2),
                                                                     ("ent_acme", second.at, 3)]
    assert [s.enterprise_id for s in store.assessments(LOCAL)] == ["ent_acme", "ent_acme", "ent_other"]
    assert store.load_assessment(LOCAL, "ent_acme", WHEN) == first
    assert store.load_assessment(LOCAL, "ent_acme", second.at) == second
    back = store.load_assessment(LOCAL, "ent_other", other.at)
    assert back.answers == other.answers and sorted(back.stages) == ["refining", "smelting"]
    with pytest.raises(KeyError, match="no assessment of 'ent_acme'"):
        store.load_assessment(LOCAL, "ent_acme", WHEN - timedelta(days=1))


def test_saves_at_the_same_moment_all_survive(store, small_graph):
    a = store.save_assessment(LOCAL, answers(small_graph, 2))
    b = store.save_assessment(LOCAL, answers(small_graph, 3))  # same `at`: moved just past the first
    assert b.at == a.at + timedelta(microseconds=1)
    results, errors = [], []

    def save(level: int) -> None:
        try:
            results.append(store.save_assessment(LOCAL, answers(small_graph, level)))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=save, args=(1 + i % 5,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    listed = store.assessments(LOCAL, "ent_acme")
    assert len(listed) == 8 and len({s.at for s in listed}) == 8
    for saved in results:
        assert store.load_assessment(LOCAL, "ent_acme", saved.at).answers == saved.answers


def test_empty_or_foreign_assessments_are_refused(store, small_graph, tmp_path):
    empty = parse_assessment({"enterprise_id": "ent_e", "name": "e", "stages": ["smelting"]}, small_graph)
    with pytest.raises(AssessmentError, match="nothing to save"):
        store.save_assessment(LOCAL, empty)
    foreign = empty.model_copy(update={"answers": {"sc_unknown_here": 2}})
    with pytest.raises(StoreError, match="not in the"):
        store.save_assessment(LOCAL, foreign)
    assert store.assessments(LOCAL, "ent_e") == []


def test_archive_is_written_atomically_and_damage_is_reported(small_graph, tmp_path):
    path = tmp_path / "deep" / "archive.json"
    archive = AssessmentArchive(path)
    archive.save(answers(small_graph, 2))
    assert path.exists() and not list(path.parent.glob(".assessments.*.tmp"))
    # two processes' worth of archives on one file see each other's saves
    AssessmentArchive(path).save(answers(small_graph, 3))
    assert len(archive.list()) == 2
    path.write_text("{ half a file", encoding="utf-8")
    with pytest.raises(ArchiveDamaged, match="is damaged"):
        archive.list()


def test_default_archive_lives_in_the_user_data_folder(tmp_path, monkeypatch, small_graph):
    monkeypatch.setenv("SCENEGRAPH_HOME", str(tmp_path / "userdata"))
    store = MemoryStore(small_graph)
    store.save_assessment(LOCAL, answers(small_graph, 2))
    assert (tmp_path / "userdata" / "assessments.json").exists()


def test_each_caller_sees_only_its_own_enterprises(store, small_graph):
    """The repository enforces access itself (pushed down as $enterprises on Neo4j): an enterprise user reads
    and saves only its own enterprises; a planner reads no single firm's answers."""
    from scenegraph.auth.access import Principal, Role
    from scenegraph.base.errors import AccessDenied

    acme = Principal("ann", frozenset({Role.ENTERPRISE}), frozenset({"ent_acme"}))
    planner = Principal("pat", frozenset({Role.PLANNER}), None)
    mine = store.save_assessment(acme, answers(small_graph, 2))
    theirs = store.save_assessment(LOCAL, answers(small_graph, 3, ent="ent_other"))
    assert [s.enterprise_id for s in store.assessments(acme)] == ["ent_acme"]
    assert store.load_assessment(acme, "ent_acme", mine.at) == mine
    for attempt in (lambda: store.assessments(acme, "ent_other"),
                    lambda: store.load_assessment(acme, "ent_other", theirs.at),
                    lambda: store.save_assessment(acme, answers(small_graph, 4, ent="ent_other")),
                    lambda: store.assessments(planner),
                    lambda: store.load_assessment(planner, "ent_acme", mine.at)):
        with pytest.raises(AccessDenied):
            attempt()
    assert [s.enterprise_id for s in store.assessments(LOCAL)] == ["ent_acme", "ent_other"]


def test_the_plant_profile_is_saved_private_and_isolated_like_the_answers(store, small_graph):
    """The profile (capacity, prices, current KPI values) is as private as the answers: it reloads whole, an old
    save without one reloads without one, and no other enterprise's user can read it."""
    from scenegraph.auth.access import Principal, Role
    from scenegraph.base.errors import AccessDenied

    profile = {"capacity_t": {"smelting": 250000}, "electricity_price_cny_kwh": [0.31, 0.38],
               "power_source": "ppa", "emission_factor_t_mwh": 0.12, "carbon_price_cny_t": 90,
               "kpis": {"kpi_energy": [13350, 13420]}}
    data = {"enterprise_id": "ent_acme", "name": "某铝业", "stages": ["smelting"], "at": WHEN,
            "answers": {"sc_measure": 2}, "profile": profile}
    acme = Principal("ann", frozenset({Role.ENTERPRISE}), frozenset({"ent_acme"}))
    other = Principal("bob", frozenset({Role.ENTERPRISE}), frozenset({"ent_other"}))
    saved = store.save_assessment(acme, parse_assessment(data, small_graph))
    plain = store.save_assessment(acme, answers(small_graph, 2, at=WHEN + timedelta(days=1)))
    back = store.load_assessment(acme, "ent_acme", saved.at)
    assert back == saved and back.profile.kpis["kpi_energy"].high == 13420 and back.profile.power_source == "ppa"
    assert store.load_assessment(acme, "ent_acme", plain.at).profile is None
    with pytest.raises(AccessDenied):
        store.load_assessment(other, "ent_acme", saved.at)
    assert store.assessments(other) == []
