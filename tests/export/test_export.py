"""Exports: every format round-trips through a real reader (networkx, our importer, a real Neo4j), Chinese
text intact, and no name can break or abuse a file."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import pytest

from scenegraph.assess import parse_assessment
from scenegraph.auth.access import LOCAL
from scenegraph.base.errors import InputRejected
from scenegraph.cli.main import main
from scenegraph.export import FORMATS, export
from scenegraph.export.picture import picture
from scenegraph.export.selection import Selection, SelectionError, select, selected_ids
from scenegraph.formats.neo4j_csv import EMPTY, read_rows, write_rows
from scenegraph.formats.readers import import_file, parse_csv_pair, parse_graphml, parse_node_link, validated_graph
from scenegraph.formats.values import restore
from scenegraph.formats.writers import csv_pair, cypher_literal, cypher_script, load_csv_script, sources_yaml
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.stores import MemoryStore
from tests.conftest import forget_neo4j_contents

NASTY = ("引号 \"double\" 'single' \\ back\\slash\nnew line\t<script>window.__pwned=1</script> '}) DETACH DELETE n //; "
         "C:\\\"x\\\\y\\")  # ends with \"x\\y\ : Neo4j's CSV reader takes \" and \\ as escapes
#: names are one line (no line feed or tab; see scenegraph.base.texts)
NASTY_NAME = NASTY.replace("\n", " ").replace("\t", " ")


def same(a: ScenarioGraph, b: ScenarioGraph) -> None:
    assert sorted(a.ids()) == sorted(b.ids())
    assert {n: a.node(n) for n in a.ids()} == {n: b.node(n) for n in b.ids()}
    assert sorted(a.edges(), key=repr) == sorted(b.edges(), key=repr)


@pytest.fixture(scope="module")
def selection(shipped) -> ScenarioGraph:
    """A selection with every kind of property: lists (AI categories), floats, booleans."""
    ids = set(shipped.neighbourhood("sc_elec_alumina_feed_control", 2)) | set(shipped.ids("AIModel")) | set(
        shipped.ids("Target"))
    return shipped.subgraph(ids)


@pytest.fixture(scope="module")
def nasty(small_graph) -> ScenarioGraph:
    """The small fixture with names and descriptions made of quotes, backslashes, new lines, markup and Cypher."""
    rows = [{**a} for _, a in small_graph.g.nodes(data=True)]
    for row in rows:
        row["name_zh"] = f"{row['name_zh']} {NASTY_NAME}"
        row["description_en"] = NASTY
    # issue 14's schema: aliases, a KPI contributing to another, a fact (baseline) on a KPI
    rows.append({"id": "kpi_dc", "label": "KPI", "name_zh": "直流电耗", "name_en": "DC energy", "unit": "kWh/t",
                 "direction": "lower", "illustrative": True, "aliases": ["DC", NASTY_NAME.replace(";", "")],
                 "description_en": NASTY})
    rows.append({"id": "fact_2024_energy", "label": "Fact", "name_zh": NASTY_NAME, "name_en": "2024 energy",
                 "year": 2024,
                 "comparator": "range", "value": 13500.0, "value_max": 13600.5, "unit": "kWh/t",
                 "year_inferred": True, "source": "plan", "illustrative": False, "description_en": NASTY})
    edges = list(small_graph.edges()) + [
        ("kpi_dc", "kpi_energy", "CONTRIBUTES_TO", {"note_zh": NASTY, "note_en": "AC = DC / rectifier efficiency"}),
        ("kpi_energy", "fact_2024_energy", "HAS_FACT", {})]
    return ScenarioGraph.from_rows(rows, edges, small_graph.sources)


# ---------------------------------------------------------------- round trips in Python


@pytest.mark.parametrize("which", ["selection", "nasty"])
def test_graphml_json_csv_round_trip_through_the_importer(request, which):
    graph = request.getfixturevalue(which)
    same(validated_graph(parse_graphml(export(graph, "graphml"))), graph)
    same(validated_graph(parse_node_link(export(graph, "json"))), graph)
    same(validated_graph(parse_csv_pair(*csv_pair(graph), sources_yaml(graph))), graph)


@pytest.mark.parametrize("which", ["selection", "nasty"])
def test_networkx_reads_graphml_gexf_json_back(request, which):
    graph = request.getfixturevalue(which)
    readers = {
        "graphml": lambda b: nx.read_graphml(io.BytesIO(b), force_multigraph=True),
        "gexf": lambda b: nx.read_gexf(io.BytesIO(b)),
        "json": lambda b: nx.node_link_graph(json.loads(b), edges="links", source="from", target="to",
                                             multigraph=True),
    }
    for fmt, read in readers.items():
        g = read(export(graph, fmt))
        assert sorted(g.nodes) == sorted(graph.ids()), fmt
        for n, a in g.nodes(data=True):
            label = a.get("schema_label", a.get("label")) if fmt == "gexf" else a["label"]
            want = graph.node(n)
            assert label == want["label"], fmt
            for key, value in want.items():
                if key in ("label", "id"):  # the id is the node's own key in every format
                    continue
                got = restore("list" if isinstance(value, list) else "str", a[key])
                assert got == (value.isoformat() if hasattr(value, "isoformat") else value), (fmt, n, key)
        kinds = sorted(a.get("rel_type", a.get("type")) for _, _, a in g.edges(data=True))
        assert kinds == sorted(t for _, _, t, _ in graph.edges()), fmt


def test_gexf_colours_and_names(selection):
    g = nx.read_gexf(io.BytesIO(export(selection, "gexf")))
    a = g.nodes["sc_elec_alumina_feed_control"]
    assert a["label"] == selection.name("sc_elec_alumina_feed_control", "zh")
    assert a["viz"]["color"]["r"] == 0xFF  # scenarios are orange


def test_files_are_parseable_and_escaped(nasty):
    text = cypher_script(nasty)
    for line in text.splitlines():
        assert line.startswith(("//", "CREATE", "MERGE", "MATCH")), line  # no value broke onto its own line
    assert "\\'}) DETACH DELETE n //" in text and "\\u000a" in text
    assert cypher_literal("a'b\\c\n") == "'a\\'b\\\\c\\u000a'"
    page = export(nasty, "html").decode()
    assert "<script>window.__pwned" not in page
    nodes, _ = csv_pair(nasty)
    # Neo4j's dialect: backslashes inside quoted fields are escaped, as csv's escapechar and pandas read them
    rows = list(csv.DictReader(io.StringIO(nodes), escapechar="\\"))
    assert {r["description_en"] for r in rows} == {NASTY}  # quoted, read back whole


def test_pictures(selection):
    png, svg = export(selection, "png"), export(selection, "svg")
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    assert svg.lstrip().startswith(b"<?xml")
    # names are drawn only on small pictures: the one-hop neighbourhood is small enough whatever the data grows to
    near = selection.subgraph(selection.neighbourhood("sc_elec_alumina_feed_control", 1))
    assert "氧化铝浓度自适应下料控制".encode() in export(near, "svg")


def test_every_format_is_listed_and_unknown_is_refused(selection):
    assert set(FORMATS) == {"graphml", "gexf", "json", "csv", "cypher", "html", "png", "svg"}
    with pytest.raises(InputRejected, match="unknown export format"):
        export(selection, "pdf")
    with pytest.raises(InputRejected, match="png or svg"):
        picture(selection, "gif")
    # the readers' CSV dialect refuses a broken quote with the package's own error, not a bare ValueError
    with pytest.raises(InputRejected, match="does not end"):
        list(read_rows('id\n"open\n'))


def test_an_empty_value_is_quoted_and_a_missing_one_is_bare():
    """neo4j-admin stores `""` in a string column as '' and leaves a bare empty field out: the bulk import relies
    on it for a node's empty search key (stores/neo4j/bulk.py); both read back as ''."""
    text = write_rows([["id", "desc", "note"], ["x", EMPTY, ""]])
    assert text == 'id,desc,note\nx,"",\n'
    assert [cells for _, cells in read_rows(text)] == [["id", "desc", "note"], ["x", "", ""]]


# ---------------------------------------------------------------- selections


def test_selection_api(shipped):
    store = MemoryStore(shipped)
    by_factory = selected_ids(store, Selection(factory="bm_demo_smelter_a"))
    assert "bm_demo_smelter_a" in by_factory and "electrolysis" in by_factory
    assert set(shipped.out_ids("bm_demo_smelter_a", "IMPLEMENTS")) <= set(by_factory)
    around = selected_ids(store, Selection(ids=("sc_elec_alumina_feed_control",), hops=1, labels=("KPI",)))
    assert around and all(shipped.label(n) == "KPI" for n in around)
    filtered = selected_ids(store, Selection(labels=("Scenario",), stages=("rolling",), levels=(4,)))
    assert filtered == shipped.filter_nodes(["Scenario"], ["rolling"], None, [4])
    from scenegraph.assess import Scorer

    a = parse_assessment({"enterprise_id": "ent_s", "name": "s", "stages": ["rolling"], "answers": {}}, shipped)
    road = select(store, Selection(roadmap=a), Scorer(shipped))
    assert "sc_roll_gauge_flatness_control" in road.ids()
    with pytest.raises(SelectionError, match="nothing selected"):
        selected_ids(store, Selection())
    with pytest.raises(SelectionError, match="unknown label"):
        selected_ids(store, Selection(labels=("Plant",)))
    with pytest.raises(SelectionError, match="needs the Neo4j store"):
        selected_ids(store, Selection(cypher="MATCH (n) RETURN n"), principal=LOCAL)


def test_cli_export_and_import(tmp_path, capsys):
    out = tmp_path / "sel.graphml"
    assert main(["export", "-f", "graphml", "--id", "sc_elec_alumina_feed_control", "--hops", "1", "-o",
                 str(out)]) == 0
    assert "exported" in capsys.readouterr().out
    assert main(["import", str(out)]) == 0
    assert "valid:" in capsys.readouterr().out
    assert main(["export", "-f", "csv", "--stage", "rolling", "-o", str(tmp_path / "pair")]) == 0
    assert (tmp_path / "pair" / "nodes.csv").exists()
    assert main(["import", str(tmp_path / "pair")]) == 0
    zipped = tmp_path / "pair.zip"
    assert main(["export", "-f", "csv", "--stage", "rolling", "-o", str(zipped)]) == 0
    assert set(zipfile.ZipFile(zipped).namelist()) == {"nodes.csv", "relationships.csv", "load_csv.cypher",
                                                       "sources.yaml", "release.yaml", "spreadsheet_nodes.csv",
                                                       "spreadsheet_relationships.csv"}
    assert main(["import", str(zipped)]) == 0
    capsys.readouterr()
    bad = tmp_path / "bad.json"
    bad.write_text('{"nodes": [{"id": "sc_x", "label": "Scenario", "name_zh": "x"}], "links": []}')
    assert main(["import", str(bad)]) == 1
    assert "name_en" in capsys.readouterr().err
    assert main(["export", "-f", "json", "--id", "nope", "-o", str(tmp_path / "x.json")]) == 2
    assert "unknown id 'nope'" in capsys.readouterr().err


def test_import_reports_every_problem(tmp_path):
    (tmp_path / "nodes.csv").write_text("id:ID,:LABEL,name_zh,name_en,level:int\nsc_a,Scenario;Entity,甲,A,x\n"
                                        "sc_b,Planet;Entity,乙,B,2\n", encoding="utf-8")
    (tmp_path / "relationships.csv").write_text(":START_ID,:END_ID,:TYPE\nsc_a,sc_zzz,DEPENDS_ON\n", encoding="utf-8")
    from scenegraph.dataset.problems import DataError

    with pytest.raises(DataError) as e:
        import_file(tmp_path)
    text = "\n".join(map(str, e.value.problems))
    assert "nodes.csv:2: bad value" in text and "no known label (got 'Planet')" in text and "sc_zzz" in text


# ---------------------------------------------------------------- round trips through a real Neo4j


def _run_script(settings, text: str) -> None:
    import neo4j

    with neo4j.GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password.get_secret_value())) as driver:
        for statement in (s for s in text.split(";\n") if s.strip() and not s.lstrip().startswith("//")):
            driver.execute_query(statement)


@pytest.mark.neo4j
@pytest.mark.parametrize("which", ["selection", "nasty"])
def test_cypher_script_rebuilds_the_subgraph_in_neo4j(request, which, neo4j_settings, neo4j_store):
    graph = request.getfixturevalue(which)
    forget_neo4j_contents()
    neo4j_store.clear()
    script = cypher_script(graph)
    _run_script(neo4j_settings, script)
    same(neo4j_store.subgraph(graph.ids()), graph)
    assert neo4j_store.stats().nodes == len(graph)
    _run_script(neo4j_settings, script)  # twice: nothing changes
    assert neo4j_store.stats().relationships == graph.g.number_of_edges()


@pytest.mark.neo4j
@pytest.mark.parametrize("which", ["selection", "nasty"])
def test_csv_pair_loads_into_neo4j_with_load_csv(request, which, neo4j_settings, neo4j_store, neo4j_import_dir):
    graph = request.getfixturevalue(which)
    forget_neo4j_contents()
    neo4j_store.clear()
    nodes, rels = csv_pair(graph)
    (neo4j_import_dir / "nodes.csv").write_text(nodes, encoding="utf-8")
    (neo4j_import_dir / "relationships.csv").write_text(rels, encoding="utf-8")
    _run_script(neo4j_settings, load_csv_script(graph))
    same(neo4j_store.subgraph(graph.ids()), graph)
    assert neo4j_store.stats().relationships == graph.g.number_of_edges()


@pytest.mark.neo4j
def test_cypher_selection_on_neo4j(neo4j_store, shipped):
    from tests.conftest import load_into_neo4j

    store = load_into_neo4j(neo4j_store, shipped)
    ids = selected_ids(store, Selection(cypher="MATCH p = (s:Scenario {id: 'sc_elec_alumina_feed_control'})"
                                               "-[:IMPROVES]->(k:KPI) RETURN p"), principal=LOCAL)
    assert set(ids) == {"sc_elec_alumina_feed_control", *shipped.out_ids("sc_elec_alumina_feed_control",
                                                                         "IMPROVES")}
    with pytest.raises(SelectionError, match="no nodes, relationships or paths"):
        selected_ids(store, Selection(cypher="MATCH (s:Scenario) RETURN s.id LIMIT 3"), principal=LOCAL)
    from scenegraph.stores import QueryRefused

    with pytest.raises(QueryRefused):
        selected_ids(store, Selection(cypher="MATCH (n) DETACH DELETE n RETURN n"), principal=LOCAL)
