"""The rules `validate --report --strict` holds the graph to: factories (stages, hard prerequisites, real plants'
sources), sources of record (kind, publisher, date, cited, URL host), unused nodes with a reason; and the
benchmark's rule that a real plant is evidence, never a score."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenegraph.assess import Scorer, benchmark, parse_assessment
from scenegraph.cli.main import main
from scenegraph.curation.report import curation_report
from scenegraph.curation.rules import factory_problems, language_problems, source_problems, unused
from scenegraph.dataset.loader import check_dir, load_graph
from scenegraph.dataset.release import HostEntry, listed_host, read_meta


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


FACTORY = ("- {{id: {id}, name_zh: 厂, name_en: Plant, region: X, {extra} operates: [{stages}], "
           "implements: [{implements}]}}\n")


def factories(small_copy: Path, *rows: str) -> Path:
    write(small_copy / "factories.yaml", "".join(rows))
    return small_copy


def test_a_factory_runs_only_what_applies_at_its_stages(small_copy: Path):
    g = load_graph(factories(small_copy, FACTORY.format(
        id="bm_refinery", extra="illustrative: true,", stages="refining",
        implements="{to: sc_digest, level: 3}, {to: sc_measure, level: 2}")))
    assert factory_problems(g) == [
        "bm_refinery implements sc_measure, which applies at smelting; the factory operates refining"]


def test_no_scenario_without_its_hard_prerequisites_nor_above_them_by_more_than_one_level(small_copy: Path):
    g = load_graph(factories(
        small_copy,
        FACTORY.format(id="bm_a", extra="illustrative: true,", stages="smelting",
                       implements="{to: sc_measure, level: 2}, {to: sc_feed, level: 4}"),
        FACTORY.format(id="bm_b", extra="illustrative: true,", stages="smelting",
                       implements="{to: sc_feed, level: 3}, {to: sc_twin, level: 3}"),
        FACTORY.format(id="bm_c", extra="illustrative: true,", stages="smelting",
                       implements="{to: sc_measure, level: 2}, {to: sc_feed, level: 3}")))
    assert factory_problems(g) == [
        "bm_a runs sc_feed at L4, more than one level above its hard prerequisite sc_measure (L2)",
        "bm_b runs sc_feed without its hard prerequisite sc_measure",
        # sc_twin's soft prerequisite sc_digest is not required
    ]


def test_a_real_plant_credits_only_what_a_source_reports(small_copy: Path):
    g = load_graph(factories(
        small_copy,
        FACTORY.format(id="bm_real", extra="source: plan,", stages="smelting",
                       implements="{to: sc_measure, source: plan}, {to: sc_feed, source: plan}, sc_twin"),
        FACTORY.format(id="bm_demo", extra="illustrative: true,", stages="smelting", implements="sc_measure")))
    assert factory_problems(g) == [
        "bm_demo is an illustrative archetype: IMPLEMENTS sc_measure needs a level",
        "bm_real is a real plant: IMPLEMENTS sc_twin needs its own source (what the source reports)",
    ]
    assert g.edge_props("bm_real", "sc_measure", "IMPLEMENTS").get("level") is None  # no level unless reported


def test_every_factory_rule_holds_on_the_shipped_data(shipped):
    assert factory_problems(shipped) == []


def test_sources_of_record(small_copy: Path):
    write(small_copy / "sources.yaml", """\
- {key: plan, kind: policy, publisher: 工业和信息化部, title: 解读, date: "2025-03-28"}
- {key: draft, kind: press, title: 转载, url: "https://www.niunang.cn/news/1.html"}
""")
    write(small_copy / "non_authoritative_hosts.yaml", "- {host: niunang.cn, why: repost}\n")
    checked = check_dir(small_copy)
    assert checked.problems == [] and checked.hosts == [{"host": "niunang.cn", "why": "repost"}]
    g = load_graph(small_copy)
    hosts = read_meta(small_copy).hosts
    assert source_problems(g, hosts) == [
        "source draft: missing publisher, date",
        "source draft: cited by nothing",
        "source draft: url on a non-authoritative host (niunang.cn); keep the bibliographic identity and leave "
        "the URL out",
    ]
    assert main(["validate", str(small_copy), "--strict"]) == 1


def test_a_kpi_target_or_fact_described_in_one_language_only_fails_strict(small_copy: Path, capsys):
    """A zh reader must not meet an English-only KPI description on the card (nor an en reader a Chinese-only target
    or fact): `--strict` names each node and the missing language; blank text counts as missing."""
    assert language_problems(load_graph(small_copy)) == []
    kpis = (small_copy / "kpis.yaml").read_text(encoding="utf-8")
    write(small_copy / "kpis.yaml", kpis.replace("illustrative: true, tracks:",
                                                 'illustrative: true, description_en: "Physics.", tracks:', 1))
    write(small_copy / "targets.yaml", (small_copy / "targets.yaml").read_text(encoding="utf-8").replace(
        "source: plan}", 'source: plan, description_zh: 到2027年。, description_en: "  "}'))
    write(small_copy / "facts.yaml", (small_copy / "facts.yaml").read_text(encoding="utf-8").replace(
        "source: plan}", "source: plan, description_zh: 约13400。, description_en: \"About 13,400.\"}"))
    assert language_problems(load_graph(small_copy)) == [
        "kpi_energy: description_zh missing (description_en is given)",
        "tgt_energy: description_en missing (description_zh is given)",
    ]
    capsys.readouterr()
    assert main(["validate", str(small_copy), "--strict"]) == 1
    assert "descriptions in one language only: 2" in capsys.readouterr().out


def test_the_shipped_kpis_targets_and_facts_are_described_in_both_languages():
    from scenegraph.base.settings import load_settings
    from scenegraph.dataset.loader import load_graph as load
    assert language_problems(load(load_settings().data_dir)) == []


@pytest.mark.parametrize(("url", "listed"), [
    ("http://niunang.cn/news/detail/186005.html", "niunang.cn"),
    ("https://WWW.Niunang.CN./x", "niunang.cn"),
    ("https://notniunang.cn/x", None),
    ("https://www.miit.gov.cn/x", None),
    ("not a url", None),
])
def test_listed_host(url, listed):
    assert listed_host(url, [HostEntry(host="niunang.cn")]) == listed


def test_the_shipped_host_list_names_every_host_of_the_content_review():
    hosts = {h.host for h in read_meta(Path(__file__).parents[2] / "scenegraph" / ".." / "data").hosts}
    review = {"niunang.cn", "kennel-skogtun.com", "2025dev.china-mcc.com", "dechunwater.cn", "gzmsxj.com",
              "azchina-cn.com", "360docs.net", "pdfslide.net", "pdfslide.tips", "vdocument.in", "vdocuments.mx",
              "scribd.com", "newsbuck.com", "senchao.net", "jianbiaoku.com", "yunews.net", "metalfab.com.cn",
              "doczj.com", "studylib.net", "thearxiv.net", "jizihe.com", "vq21.cn", "sumobrain.com", "zhwth.com"}
    assert review <= hosts


def test_bad_meta_files_are_problems(small_copy: Path):
    write(small_copy / "release.yaml", "version: one\ndate: 2026-11-25\n")
    write(small_copy / "non_authoritative_hosts.yaml", "- {host: 'not a host'}\n")
    kinds = sorted((p.file, p.kind) for p in check_dir(small_copy).problems)
    assert kinds == [("non_authoritative_hosts.yaml", "invalid"), ("release.yaml", "invalid"),
                     ("release.yaml", "invalid")]


def test_unused_nodes_need_a_reason(small_copy: Path):
    kpis = small_copy / "kpis.yaml"
    write(kpis, kpis.read_text(encoding="utf-8") + (
        "- {id: kpi_idle, name_zh: 闲, name_en: Idle, unit: t, illustrative: true}\n"
        "- {id: kpi_later, name_zh: 后, name_en: Later, unit: t, illustrative: true, "
        "unused_reason: the plan names it; no scenario measures it yet}\n"))
    g = load_graph(small_copy)
    assert unused(g) == [("kpi_idle", None), ("kpi_later", "the plan names it; no scenario measures it yet")]
    report = curation_report(g)
    assert report.unused_without_reason == ["kpi_idle"] and not report.clean


def test_kpi_moved_only_through_a_contribution_is_used(small_graph):
    assert ("kpi_energy", None) not in unused(small_graph)
    assert unused(small_graph) == []


def test_benchmark_scores_archetypes_and_lists_real_plants_as_evidence(small_copy: Path):
    g = load_graph(factories(
        small_copy,
        FACTORY.format(id="bm_real", extra="source: plan,", stages="smelting",
                       implements="{to: sc_measure, source: plan, level: 5}"),
        FACTORY.format(id="bm_demo", extra="illustrative: true,", stages="smelting",
                       implements="{to: sc_measure, level: 2}")))
    a = parse_assessment({"enterprise_id": "ent_a", "name": "A", "stages": ["smelting"],
                          "answers": {"sc_measure": 3}}, g)
    other = parse_assessment({"enterprise_id": "ent_b", "name": "B", "stages": ["smelting"],
                              "answers": {"sc_measure": 1, "sc_feed": 1}}, g)
    b = benchmark(Scorer(g), a, others=[other, a])
    assert sorted((p.factory, p.kind) for p in b.overall.peers) == [("bm_demo", "archetype"), ("ent_b", "assessment")]
    assert "bm_real" not in {p.factory for s in b.by_stage.values() for p in s.peers}
    assert b.practised_by == {"sc_measure": ("bm_real",)}
