"""`scenegraph diff`: a known change is listed exactly, the same from data directories and from exports, and this
release compares with the previous one (kept under tests/fixtures/release_1.0.0, so a fresh clone can run it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from scenegraph.base.errors import InputRejected
from scenegraph.base.resources import data_dir
from scenegraph.cli.main import main
from scenegraph.curation.diff import change_rows, diff_paths, previous_release, save_snapshot, snapshot
from scenegraph.dataset.loader import load_graph
from scenegraph.export import export

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def before_after(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURES / "small", old)
    shutil.copytree(FIXTURES / "small", new)
    (old / "release.yaml").write_text("version: 1.0.0\ndate: '2026-01-01'\n", encoding="utf-8")
    (new / "release.yaml").write_text("version: 1.1.0\ndate: '2026-02-01'\nprevious: 1.0.0\n", encoding="utf-8")
    text = (new / "scenarios.yaml").read_text(encoding="utf-8")
    text = text.replace("  level: 2\n  importance: 3\n", "  level: 3\n  importance: 3\n", 1)  # sc_measure
    text = text.replace("  depends_on: [sc_feed, {to: sc_digest, strength: soft}]\n", "  depends_on: [sc_feed]\n")
    (new / "scenarios.yaml").write_text(text, encoding="utf-8")
    with (new / "kpis.yaml").open("a", encoding="utf-8") as fh:
        fh.write("- {id: kpi_noise, name_zh: 噪声, name_en: Noise, unit: mV, direction: lower, illustrative: true}\n")
    sources = (new / "sources.yaml").read_text(encoding="utf-8")
    (new / "sources.yaml").write_text(sources.replace('date: "2025"', 'date: "2025-03"'), encoding="utf-8")
    return old, new


EXPECTED = {
    "old_release": {"version": "1.0.0", "date": "2026-01-01"},
    "new_release": {"version": "1.1.0", "date": "2026-02-01", "previous": "1.0.0"},
    "nodes": {"added": ["kpi_noise"], "removed": [],
              "changed": [{"id": "sc_measure", "fields": {"level": {"old": 2, "new": 3}}}]},
    "relationships": {"added": [], "removed": ["(sc_twin)-[:DEPENDS_ON]->(sc_digest)"], "changed": []},
    "sources": {"added": [], "removed": [],
                "changed": [{"id": "plan", "fields": {"date": {"old": "2025", "new": "2025-03"}}}]},
}


def test_a_known_change_is_listed_exactly(before_after):
    assert diff_paths(*before_after).as_json() == EXPECTED


@pytest.fixture
def before_after_graphs(before_after):
    return [load_graph(d) for d in before_after]


@pytest.mark.parametrize(("fmt", "suffix"), [("graphml", ".graphml"), ("json", ".json"), ("csv", ".zip")])
def test_the_same_change_between_two_exports(before_after_graphs, tmp_path: Path, fmt, suffix):
    files = []
    for i, g in enumerate(before_after_graphs):
        f = tmp_path / f"export{i}{suffix}"
        f.write_bytes(export(g, fmt))
        files.append(f)
    got = diff_paths(*files).as_json()
    # validated graphs carry defaults (strength: hard, aliases: [], ...) on both sides: the changes are the same
    assert got["nodes"] == EXPECTED["nodes"]
    assert got["relationships"] == EXPECTED["relationships"]
    assert (got["old_release"], got["new_release"]) == (EXPECTED["old_release"], EXPECTED["new_release"])


def test_no_change_is_empty(tmp_path: Path):
    d = diff_paths(FIXTURES / "small", FIXTURES / "small")
    assert d.empty and "nodes: 0 added, 0 removed, 0 changed" in d.text()


def test_cli_text_and_json(before_after, capsys):
    assert main(["diff", *map(str, before_after)]) == 0
    text = capsys.readouterr().out
    assert "release 1.0.0 (2026-01-01) -> 1.1.0 (2026-02-01)" in text
    assert "  + kpi_noise" in text and "  - (sc_twin)-[:DEPENDS_ON]->(sc_digest)" in text
    # every node with its names, every relationship with the names of its ends
    assert "  + kpi_noise (噪声 · Noise)\n" in text
    assert "  ~ sc_measure (槽况在线测量 · Online bath measurement)\n      level: 2 -> 3" in text
    assert "  - (sc_twin)-[:DEPENDS_ON]->(sc_digest)  " in text and "->" in text.split("(sc_digest)  ")[1]
    assert main(["diff", *map(str, before_after), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == EXPECTED


def _ids(folder: Path) -> set[str]:
    """Node ids straight from the YAML files, without the project's loader."""
    ids = set()
    for f in folder.glob("*.yaml"):
        if f.stem in ("sources", "release", "non_authoritative_hosts"):
            continue
        ids |= {row["id"] for row in yaml.safe_load(f.read_text(encoding="utf-8"))}
    return ids


def test_this_release_against_the_previous_one():
    old, new = FIXTURES / "release_1.0.0", data_dir()
    d = diff_paths(old, new)
    assert d.old_release["version"] == "1.0.0" and d.new_release["previous"] == "2.0.0"
    assert set(d.nodes.added) == _ids(new) - _ids(old)
    assert set(d.nodes.removed) == _ids(old) - _ids(new)
    assert {"tgt_2024_alumina_output", "tgt_2024_primary_al_output", "tgt_2024_al_products_output",
            "tgt_2024_ac_consumption_change"} <= set(d.nodes.removed)  # 2024 figures are facts now
    assert "fact_2024_alumina_output" in d.nodes.added
    changed = {c.id: c.fields for c in d.nodes.changed}
    assert changed["kpi_alumina_output"]["direction"] == ("higher", None)
    assert changed["tgt_new_capacity_ac_kwh"]["year_inferred"] == (None, True)
    assert "(kpi_current_efficiency)-[:CONTRIBUTES_TO]->(kpi_dc_kwh_t)" in d.relationships.added
    s2 = {c.id: c.fields for c in d.sources.changed}["s2_miit_interpretation"]
    assert s2["url"] == ("http://niunang.cn/news/detail/186005.html", None)  # a repost is no URL of record
    assert s2["year"] == (2025, None) and s2["date"] == (None, "2025-03")


def test_the_changelog_records_this_release():
    release = yaml.safe_load((data_dir() / "release.yaml").read_text(encoding="utf-8"))
    changelog = (data_dir() / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {release['version']} ({release['date']})" in changelog
    assert f"## {release['previous']} " in changelog


def test_every_export_carries_the_release(small_graph, tmp_path: Path):
    import io
    import zipfile

    import networkx as nx

    from scenegraph.formats.writers import cypher_script, load_csv_script

    release = {"version": "0.1.0", "date": "2026-01-01"}
    assert small_graph.release == release
    g = nx.read_graphml(io.BytesIO(export(small_graph, "graphml")), force_multigraph=True)
    assert json.loads(g.graph["release"]) == release
    assert json.loads(json.loads(export(small_graph, "json"))["graph"]["release"]) == release
    with zipfile.ZipFile(io.BytesIO(export(small_graph, "csv"))) as z:
        assert yaml.safe_load(z.read("release.yaml")) == release
    assert "data release 0.1.0 of 2026-01-01" in cypher_script(small_graph).splitlines()[0]
    assert "data release 0.1.0 of 2026-01-01" in load_csv_script(small_graph).splitlines()[0]
    assert '<meta name="scenegraph-release" content="0.1.0 2026-01-01">' in export(small_graph, "html").decode()
    assert small_graph.subgraph(["sc_feed"]).release == release
    # GEXF in its <meta><description> (networkx still reads it), pictures in their own metadata
    import xml.etree.ElementTree as ET

    gexf = export(small_graph, "gexf")
    assert len(nx.read_gexf(io.BytesIO(gexf))) == len(small_graph)
    meta = ET.fromstring(gexf).find("{http://www.gexf.net/1.2draft}meta")
    assert meta.findtext("{http://www.gexf.net/1.2draft}description") == "data release 0.1.0 of 2026-01-01"
    from PIL import Image

    assert Image.open(io.BytesIO(export(small_graph, "png"))).info["Description"].endswith(
        "data release 0.1.0 of 2026-01-01")
    svg = ET.fromstring(export(small_graph, "svg"))
    assert "data release 0.1.0 of 2026-01-01" in ET.tostring(svg, encoding="unicode")


def test_a_saved_release_compares_like_its_data_directory(before_after, tmp_path: Path):
    """The compact form kept in data/releases/ gives the same diff as the data directory it was saved from, and
    the same release gives the same bytes."""
    old, new = before_after
    saved = tmp_path / "1.0.0.json.gz"
    saved.write_bytes(save_snapshot(snapshot(old)))
    assert save_snapshot(snapshot(saved)) == saved.read_bytes()
    assert diff_paths(saved, new).as_json() == EXPECTED


def test_a_saved_release_that_inflates_past_the_limit_or_is_not_one_is_refused(tmp_path: Path, monkeypatch):
    import gzip

    from scenegraph.base.limits import LIMITS

    bomb = tmp_path / "9.9.9.json.gz"
    bomb.write_bytes(gzip.compress(b" " * (LIMITS.max_file_bytes + 10)))
    with pytest.raises(InputRejected, match="inflates beyond the size limit"):
        snapshot(bomb)
    junk = tmp_path / "1.0.0.json.gz"
    junk.write_bytes(b"not gzip")
    with pytest.raises(InputRejected, match="not a saved release"):
        snapshot(junk)
    junk.write_bytes(gzip.compress(b'{"nodes": []}'))
    with pytest.raises(InputRejected, match="not a saved release"):
        snapshot(junk)


def test_the_previous_release_is_kept_and_diff_without_arguments_compares_with_it(capsys):
    """A fresh install can say what changed: the previous release ships in data/releases, and `scenegraph diff`
    with no arguments compares it with the shipped data, names beside ids."""
    kept = previous_release(data_dir())
    assert kept is not None and kept.name == "2.0.0.json.gz"
    old = snapshot(kept)
    assert old.release["version"] == "2.0.0" and len(old.nodes) > 400
    assert main(["diff"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("release 2.0.0 (2026-11-25) -> ")
    assert "  ~ kpi_dc_kwh_t (直流电耗 · DC energy consumption)\n      description_zh: (none) -> " in text


def test_change_rows_name_everything_in_the_interface_language(before_after):
    d = diff_paths(*before_after)
    zh, en = change_rows(d, "zh"), change_rows(d, "en")
    assert ("added", "KPI", "噪声", "kpi_noise", []) in zh.nodes
    assert ("changed", "Scenario", "Online bath measurement", "sc_measure", ["level"]) in en.nodes
    assert zh.relationships == [("removed", "DEPENDS_ON", "电解槽数字孪生", "溶出控制", [])]
    assert ("KPI", 1, 0, 0) in zh.node_counts and ("DEPENDS_ON", 0, 1, 0) in zh.rel_counts
    assert zh.sources == (0, 0, 1)


def test_release_3_against_the_kept_2_0_0():
    """The 3.0.0 diff against the release kept in data/releases (a fixture any clone has): what issue 23 added is
    listed as added, nothing of 2.0.0 is lost, the measurement scenarios moved from IMPROVES to MEASURES."""
    kept, new = previous_release(data_dir()), data_dir()
    d = diff_paths(kept, new)
    assert d.old_release["version"] == "2.0.0" and d.new_release["version"] == "3.0.0"
    old_ids = set(snapshot(kept).nodes)
    assert set(d.nodes.added) == _ids(new) - old_ids
    assert set(d.nodes.removed) == old_ids - _ids(new) == set()
    scenarios = [row["id"] for row in yaml.safe_load((new / "scenarios.yaml").read_text(encoding="utf-8"))]
    assert scenarios[179:] == sorted(set(scenarios[179:]), key=scenarios.index)  # appended, in file order
    assert set(scenarios[179:]) <= set(d.nodes.added) and len(scenarios) - 179 >= 26
    for sc in ("sc_rm_dealkalisation_control", "sc_log_modal_shift", "sc_energy_power_market_dr"):
        assert sc in d.nodes.added
    assert {"kpi_air_pollutant_emission", "kpi_fresh_water"} <= set(d.nodes.added)
    rels = set(d.relationships.added)
    assert "(sc_rm_utilisation_ledger)-[:MEASURES]->(kpi_red_mud_utilisation_new)" in rels
    assert "(sc_rm_utilisation_ledger)-[:IMPROVES]->(kpi_red_mud_utilisation_new)" in d.relationships.removed
    assert "(kpi_air_pollutant_emission)-[:CONTRIBUTES_TO]->(kpi_env_performance_grade)" in rels
    assert {"rmi2023_aluminium_demand_flexibility", "xinhua2025_yantai_bauxite_multimodal"} <= set(d.sources.added)
    ac = {c.id: c.fields for c in d.nodes.changed}["tgt_new_capacity_ac_kwh"]
    assert "digital_limit_en" in ac and "not a 2027 deadline" in ac["description_en"][1]
