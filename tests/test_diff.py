"""`scenegraph diff`: a known change is listed exactly, the same from data directories and from exports, and this
release compares with the previous one (kept under tests/fixtures/release_1.0.0, so a fresh clone can run it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from scenegraph.base.resources import data_dir
from scenegraph.cli.main import main
from scenegraph.curation.diff import diff_paths
from scenegraph.dataset.loader import load_graph
from scenegraph.export import export

FIXTURES = Path(__file__).parent / "fixtures"


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


def test_the_same_change_between_two_exports(before_after, tmp_path: Path):
    graphs = [load_graph(d) for d in before_after]
    for fmt, suffix in (("graphml", ".graphml"), ("json", ".json"), ("csv", ".zip")):
        files = []
        for i, g in enumerate(graphs):
            f = tmp_path / f"export{i}{suffix}"
            f.write_bytes(export(g, fmt))
            files.append(f)
        got = diff_paths(*files).as_json()
        # validated graphs carry defaults (strength: hard, aliases: [], ...) on both sides: the changes are the same
        assert got["nodes"] == EXPECTED["nodes"], fmt
        assert got["relationships"] == EXPECTED["relationships"], fmt
        assert (got["old_release"], got["new_release"]) == (EXPECTED["old_release"], EXPECTED["new_release"]), fmt


def test_no_change_is_empty(tmp_path: Path):
    d = diff_paths(FIXTURES / "small", FIXTURES / "small")
    assert d.empty and "nodes: 0 added, 0 removed, 0 changed" in d.text()


def test_cli_text_and_json(before_after, capsys):
    assert main(["diff", *map(str, before_after)]) == 0
    text = capsys.readouterr().out
    assert "release 1.0.0 (2026-01-01) -> 1.1.0 (2026-02-01)" in text
    assert "  + kpi_noise" in text and "  - (sc_twin)-[:DEPENDS_ON]->(sc_digest)" in text
    assert "  ~ sc_measure\n      level: 2 -> 3" in text
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
    assert d.old_release["version"] == "1.0.0" and d.new_release["previous"] == "1.0.0"
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
