"""Subgraph -> files: GraphML, GEXF, node-link JSON, the neo4j-admin CSV pair, a Cypher script, standalone
HTML, PNG and SVG. Pure functions from a ScenarioGraph to bytes (or text); nothing here touches a store.

Escaping: XML writers escape through ElementTree, JSON through json, CSV through the csv module; the Cypher
script writes every value as a literal with every quote, backslash and control character escaped, and labels
and types come only from the schema; the HTML page embeds data as escaped JSON and shows tooltips as text.
"""

from __future__ import annotations

import functools
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import networkx as nx

from scenegraph.base.i18n import pick
from scenegraph.base.spreadsheet import safe_csv
from scenegraph.dataset.records import write_jsonl
from scenegraph.formats.neo4j_csv import read_rows, write_rows
from scenegraph.formats.values import flat, node_fields, relationship_fields
from scenegraph.graph.cypher import statements
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import COMPUTED_PROPS, LABELS, RELATIONSHIPS, cited_keys
from scenegraph.present.network_page import LABEL_STYLE, network_html

__all__ = ["CSV_FILES", "ImportTable", "csv_pair", "cypher_literal", "cypher_script", "import_table_csv",
           "import_tables", "load_csv_script", "people_tables", "release_yaml", "sources_yaml", "to_csv_zip",
           "to_gexf", "to_graphml", "to_html", "to_json", "write_data_dir"]

#: neo4j-admin column types: long and double (its int and float are 32-bit, so 0.1 came back as 0.10000000149...)
CSV_TYPES = {"int": "long", "float": "double", "bool": "boolean", "list": "string[]", "datetime": "datetime"}


def _flat_props(props: dict) -> dict:
    return {k: flat(v) for k, v in props.items() if v is not None}


def _flat_graph(graph: ScenarioGraph) -> nx.MultiDiGraph[str]:
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph(sources=json.dumps(_used_sources(graph), ensure_ascii=False))
    if graph.release:  # the data release the selection comes from (version, date), as metadata
        g.graph["release"] = json.dumps(graph.release, ensure_ascii=False)
    for n, a in graph.g.nodes(data=True):
        g.add_node(n, **_flat_props(a))
    for u, v, k, a in graph.g.edges(keys=True, data=True):
        g.add_edge(u, v, key=k, **_flat_props(a))
    return g


def _used_sources(graph: ScenarioGraph) -> dict[str, dict]:
    keys = {k for _, a in graph.g.nodes(data=True) for k in cited_keys(a)} | {
        k for _, _, a in graph.g.edges(data=True) for k in cited_keys(a)}
    return {k: graph.sources[k] for k in sorted(keys) if k in graph.sources}


def to_graphml(graph: ScenarioGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(_flat_graph(graph), buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buf.getvalue()


def _rgb(hex_colour: str) -> dict:
    h = hex_colour.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}


def to_gexf(graph: ScenarioGraph, lang: str = "zh") -> bytes:
    """GEXF 1.2 with a colour per label (viz). The GEXF label is the readable name; the schema label is kept
    as `schema_label` and the relationship type as `rel_type` (GEXF reserves `label` and `type`)."""
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for n, a in graph.g.nodes(data=True):
        props = _flat_props({k: v for k, v in a.items() if k != "label"})
        g.add_node(n, **props, schema_label=a["label"], label=a[pick(lang, "name_zh", "name_en")],
                   viz={"color": _rgb(LABEL_STYLE[a["label"]][0])})
    for u, v, k, a in graph.g.edges(keys=True, data=True):
        props = _flat_props({x: y for x, y in a.items() if x != "type"})
        g.add_edge(u, v, key=k, id=f"{u}|{k}|{v}", label=a["type"], rel_type=a["type"], **props)
    buf = io.BytesIO()
    nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    out = buf.getvalue()
    if text := release_text(graph):  # GEXF's own place for it: <meta><description>
        out = out.replace(b"</meta>", f"<description>{escape(text)}</description></meta>".encode(), 1)
    return out


def to_json(graph: ScenarioGraph) -> bytes:
    """networkx node-link JSON (nodes, links with `key`), plus the sources the selection cites."""
    data = nx.node_link_data(_flat_graph(graph), edges="links", source="from", target="to")  # "source" cites
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


# ---------------------------------------------------------------- neo4j-admin CSV pair


def _columns(fields_per_owner: Iterable[dict[str, str]], skip: tuple[str, ...] = ()) -> dict[str, str]:
    cols: dict[str, str] = {}
    for fields in fields_per_owner:
        for name, kind in fields.items():
            if name not in skip:
                cols.setdefault(name, kind)
    return cols


def _csv_type(kind: str, values: Iterable) -> str | None:
    """The neo4j-admin type of a column: times without a zone as localdatetime, since its datetime would store
    them in UTC while the data (and the online loader) hold them as they are."""
    if kind == "datetime" and all(getattr(v, "tzinfo", None) is None for v in values):
        return "localdatetime"
    return CSV_TYPES.get(kind)


def _cell(kind: str, value) -> str:
    if value is None:
        return ""
    if kind == "list":
        return ";".join(str(x) for x in value)
    if kind == "bool":
        return "true" if value else "false"
    if kind == "datetime":
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return str(value)


def _table_layout(graph: ScenarioGraph) -> tuple[dict[str, str], list, dict[str, str]]:
    """The node columns (every field of the labels present but the id), the edges (networkx's view read once: at
    1M each pass took about 2 s) and the relationship columns of the types present, in the schema's order."""
    labels = sorted({a["label"] for _, a in graph.g.nodes(data=True)}, key=list(LABELS).index)
    edges = list(graph.g.edges(data=True))
    types_ = sorted({a["type"] for _, _, a in edges}, key=list(RELATIONSHIPS).index)
    return (_columns((node_fields(lb) for lb in labels), skip=("id",)), edges,
            _columns(relationship_fields(t) for t in types_))


NodeColumns = Callable[[str, dict], dict[str, str]]
Spec = list[tuple[int, str, str]]


def _specs(cols: dict[str, str], fields_of: Callable[[str], dict[str, str]]) -> Callable[[str], Spec]:
    """Per label (or type): the positions, names and kinds of its own fields among `cols`, so that a row converts
    only its own cells and leaves the other labels' columns empty without looking at them."""
    at = {c: i for i, c in enumerate(cols)}
    return functools.cache(lambda owner: [(at[c], c, k) for c, k in fields_of(owner).items() if c in at])


def _cells(attrs: dict, spec: Spec, width: int) -> list[str]:
    row = [""] * width
    for i, c, k in spec:
        x = attrs.get(c)
        if x is not None:
            row[i] = _cell(k, x)
    return row


def _node_rows(items: Iterable[tuple[str, dict]], cols: dict[str, str], extra: NodeColumns | None) -> Iterator[list]:
    spec, width = _specs(cols, node_fields), len(cols)
    for n, a in items:
        yield [n, f"{a['label']};Entity", *_cells(a, spec(a["label"]), width),
               *(extra(n, a).values() if extra else ())]


def _node_header(cols: dict[str, str], extra_cols: Iterable[str]) -> list[str]:
    return ["id:ID", ":LABEL", *(f"{c}:{CSV_TYPES[k]}" if k in CSV_TYPES else c for c, k in cols.items()),
            *extra_cols]


def _rel_rows(edges: Iterable[tuple[str, str, dict]], cols: dict[str, str]) -> Iterator[list]:
    spec, width = _specs(cols, relationship_fields), len(cols)
    bare = [""] * width  # a relationship with no property but its type (most of them): no cell to convert
    for u, v, a in edges:
        yield [u, v, a["type"], *(bare if len(a) == 1 else _cells(a, spec(a["type"]), width))]


def _rel_header(cols: dict[str, str], edges: Iterable[tuple[str, str, dict]]) -> list[str]:
    types_ = {c: _csv_type(k, (a.get(c) for _, _, a in edges)) for c, k in cols.items()}
    return [":START_ID", ":END_ID", ":TYPE", *(f"{c}:{types_[c]}" if types_[c] else c for c in cols)]


def _extra_columns(graph: ScenarioGraph, extra: NodeColumns | None) -> list[str]:
    first = next(iter(graph.g.nodes.items()), None)
    return list(extra(*first)) if extra and first is not None else []


def csv_pair(graph: ScenarioGraph, extra_node_columns: NodeColumns | None = None) -> tuple[str, str]:
    """nodes.csv and relationships.csv with neo4j-admin import headers (id:ID, :LABEL; :START_ID, :END_ID, :TYPE;
    typed property columns, arrays split on ';'), in the CSV dialect Neo4j reads (see neo4j_csv): exact, not
    spreadsheet-safe; people get people_tables (spreadsheet_*.csv). `extra_node_columns(id, attrs)` adds string
    columns."""
    ncols, edges, rcols = _table_layout(graph)
    nodes = write_rows([_node_header(ncols, _extra_columns(graph, extra_node_columns)),
                        *_node_rows(iter(graph.g.nodes.items()), ncols, extra_node_columns)])
    rels = write_rows([_rel_header(rcols, edges), *_rel_rows(edges, rcols)])
    return nodes, rels


@dataclass(frozen=True)
class ImportTable:
    """One neo4j-admin input file, so that several processes can write a large graph's: the nodes of one label,
    [start, stop) of graph.ids(label), with that label's columns only (the pair's union of every label's columns
    is mostly empty cells); or (label None) the relationships that start at nodes [start, stop) of graph.ids()."""

    label: str | None
    start: int
    stop: int

    @property
    def file_name(self) -> str:
        return f"nodes-{self.label}-{self.start}.csv" if self.label else f"relationships-{self.start}.csv"


def import_tables(graph: ScenarioGraph, rows_per_table: int, relationships: int) -> list[ImportTable]:
    """The tables of the graph, the most costly first (for processes taking them in turn to finish together):
    each label's nodes cut every rows_per_table / 4 nodes (a node row, with its search keys, costs several
    relationship rows), the relationships (`relationships` of them) cut by start node into as many tables as the
    graph has rows_per_table relationships (no pass over the edges needed), then the small labels."""
    node_rows = max(1, rows_per_table // 4)
    nodes = [ImportTable(label, i, min(i + node_rows, len(ids)))
             for label in LABELS if (ids := graph.ids(label)) for i in range(0, len(ids), node_rows)]
    n = graph.g.number_of_nodes()
    step = -(-n // max(1, -(-relationships // rows_per_table))) if n else 1
    rels = [ImportTable(None, i, min(i + step, n)) for i in range(0, n, step)]
    big = [t for t in nodes if t.stop - t.start == node_rows]
    return big + rels + [t for t in nodes if t not in big]


def import_table_csv(graph: ScenarioGraph, table: ImportTable, extra_node_columns: NodeColumns | None = None) -> str:
    """The table's text: neo4j-admin headers and Neo4j's quoting, as csv_pair; relationships with the columns of
    every type (a table holds many types; its rows convert only their own)."""
    if table.label is not None:
        cols = {c: k for c, k in node_fields(table.label).items() if c != "id"}
        ids = graph.ids(table.label)[table.start:table.stop]
        return write_rows([_node_header(cols, _extra_columns(graph, extra_node_columns)),
                           *_node_rows(((n, graph.g.nodes[n]) for n in ids), cols, extra_node_columns)])
    rcols = _columns(relationship_fields(t) for t in RELATIONSHIPS)
    edges = graph.g.out_edges(list(graph.g.nodes)[table.start:table.stop], data=True)
    return write_rows([_rel_header(rcols, edges), *_rel_rows(edges, rcols)])


def _read_cell(column: str, kind: str) -> str:
    """Cypher reading one typed cell of `row` (empty cells become null)."""
    cell = f"row[{cypher_literal(column)}]"
    convert = {"int": f"toInteger({cell})", "float": f"toFloat({cell})", "bool": f"toBoolean({cell})",
               "list": f"split({cell}, ';')", "datetime": f"datetime({cell})"}.get(kind, cell)
    # an empty cell is no value, an empty list included (the data drops [] like "": dataset/loader.py)
    return f"CASE WHEN coalesce({cell}, '') = '' THEN null ELSE {convert} END"


def load_csv_script(graph: ScenarioGraph, nodes_url: str = "file:///nodes.csv",
                    rels_url: str = "file:///relationships.csv") -> str:
    """LOAD CSV statements for the pair (put both files in Neo4j's import folder); labels, types and columns
    come from the schema, every value from the files."""
    nodes_head, rels_head = (next(read_rows(text))[1] for text in csv_pair(graph))
    ncols = dict(_header_kind(h) for h in nodes_head[2:])
    rcols = dict(_header_kind(h) for h in rels_head[3:])
    lines = [f"// load nodes.csv and relationships.csv ({len(graph)} nodes, {graph.relationship_count} "
             f"relationships{_release_note(graph)})", *_schema_lines()]
    for label in sorted({a["label"] for _, a in graph.g.nodes(data=True)}, key=list(LABELS).index):
        fields = [f for f in node_fields(label) if f != "id"]
        sets = ", ".join(f"n.{f} = {_read_cell(ncols[f], kind)}" for f, kind in node_fields(label).items()
                         if f in fields)
        lines.append(f"LOAD CSV WITH HEADERS FROM {cypher_literal(nodes_url)} AS row "
                     f"WITH row WHERE row[':LABEL'] = {cypher_literal(label + ';Entity')} "
                     f"MERGE (n:Entity {{id: row['id:ID']}}) SET n:{LABELS[label].LABEL} SET {sets};")
    for rel in sorted({a["type"] for _, _, a in graph.g.edges(data=True)}, key=list(RELATIONSHIPS).index):
        spec = RELATIONSHIPS[rel]
        rel_fields = relationship_fields(rel)
        sets = ", ".join(f"r.{f} = {_read_cell(rcols[f], kind)}" for f, kind in rel_fields.items())
        lines.append(f"LOAD CSV WITH HEADERS FROM {cypher_literal(rels_url)} AS row "
                     f"WITH row WHERE row[':TYPE'] = {cypher_literal(rel)} "
                     "MATCH (a:Entity {id: row[':START_ID']}), (b:Entity {id: row[':END_ID']}) "
                     f"MERGE (a)-[r:{spec.name}]->(b)" + (f" SET {sets}" if sets else "") + ";")
    return "\n".join(lines) + "\n"


def release_text(graph: ScenarioGraph) -> str:
    """'data release 2.0.0 of 2026-11-25', or '' (version and date are checked patterns): the one wording every
    export that cannot hold the release as data (Cypher comments, GEXF meta, picture metadata) carries."""
    r = graph.release or {}
    return f"data release {r['version']} of {r['date']}" if r.get("version") and r.get("date") else ""


def _release_note(graph: ScenarioGraph) -> str:
    """', data release 2.0.0 of 2026-11-25' for a comment line."""
    text = release_text(graph)
    return f", {text}" if text else ""


def release_yaml(graph: ScenarioGraph) -> str:
    """The release.yaml of the data the graph comes from (version, date ...)."""
    import yaml

    return yaml.safe_dump(dict(graph.release or {}), allow_unicode=True, sort_keys=False)


def sources_yaml(graph: ScenarioGraph) -> str:
    import yaml

    rows = [{"key": k, **{x: y for x, y in s.items() if x != "key"}} for k, s in _used_sources(graph).items()]
    return yaml.safe_dump(rows, allow_unicode=True, sort_keys=False)


def _header_kind(header: str) -> tuple[str, str]:
    name, _, _ = header.partition(":")
    return name, header


def people_tables(graph: ScenarioGraph) -> tuple[str, str]:
    """The same nodes and relationships as tables for people (spreadsheets): plain column names, lists joined
    with '; ', every text cell spreadsheet-safe (a leading ' before = + - @ tab CR). Not for databases: the pair
    of csv_pair is the exact one."""
    ncols, edges, rcols = _table_layout(graph)

    def cell(kind: str, value):
        return "; ".join(str(x) for x in value) if kind == "list" and value else _cell(kind, value)

    nodes = safe_csv(["id", "label", *ncols], ([n, a["label"], *(cell(k, a.get(c)) for c, k in ncols.items())]
                                               for n, a in graph.g.nodes(data=True)))
    rels = safe_csv(["from", "to", "type", *rcols], ([u, v, a["type"], *(cell(k, a.get(c)) for c, k in rcols.items())]
                                                      for u, v, a in edges))
    return nodes, rels


#: what each file of the CSV export is for (README repeats this)
CSV_FILES = {
    "nodes.csv": "exact, for neo4j-admin import and LOAD CSV (Neo4j's CSV dialect); not for spreadsheets",
    "relationships.csv": "exact, for neo4j-admin import and LOAD CSV (Neo4j's CSV dialect); not for spreadsheets",
    "load_csv.cypher": "LOAD CSV statements for nodes.csv and relationships.csv",
    "sources.yaml": "the sources the rows cite",
    "spreadsheet_nodes.csv": "the nodes for people: spreadsheet-safe (formula cells neutralised), UTF-8 with BOM",
    "spreadsheet_relationships.csv": "the relationships for people: spreadsheet-safe, UTF-8 with BOM",
}


def to_csv_zip(graph: ScenarioGraph) -> bytes:
    """nodes.csv, relationships.csv, load_csv.cypher (LOAD CSV statements for them), sources.yaml (what the rows
    cite), and spreadsheet_nodes.csv / spreadsheet_relationships.csv for people (see CSV_FILES)."""
    nodes, rels = csv_pair(graph)
    people_nodes, people_rels = people_tables(graph)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("nodes.csv", nodes)
        z.writestr("relationships.csv", rels)
        z.writestr("load_csv.cypher", load_csv_script(graph))
        z.writestr("sources.yaml", sources_yaml(graph))
        if graph.release:
            z.writestr("release.yaml", release_yaml(graph))
        z.writestr("spreadsheet_nodes.csv", "\ufeff" + people_nodes)
        z.writestr("spreadsheet_relationships.csv", "\ufeff" + people_rels)
    return buf.getvalue()


# ---------------------------------------------------------------- Cypher script


def _cypher_string(text: str) -> str:
    out = ["'"]
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "'":
            out.append("\\'")
        elif ord(ch) < 0x20 or ch in "\x7f\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append("'")
    return "".join(out)


def cypher_literal(value) -> str:
    """A Cypher literal that reads back as `value` and cannot end the string, the statement or the script."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "isoformat"):
        return f"datetime({_cypher_string(value.isoformat())})"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    return _cypher_string(str(value))


def _map(props: dict) -> str:
    # keys are schema field names (identifiers), never data
    return "{" + ", ".join(f"{k}: {cypher_literal(v)}" for k, v in props.items() if v is not None) + "}"


def _schema_lines() -> list[str]:
    """The project's constraints and indexes, one statement per line."""
    return [" ".join(s.split()) + ";" for s in statements("schema")]


def cypher_script(graph: ScenarioGraph) -> str:
    """Constraints and indexes first (the project's schema.cypher), then one MERGE per node and relationship;
    running it twice changes nothing."""
    lines = [f"// scenegraph export: {len(graph)} nodes, {graph.relationship_count} relationships"
             f"{_release_note(graph)}", *_schema_lines()]
    for n, a in graph.g.nodes(data=True):
        label = LABELS[a["label"]].LABEL  # schema check: a label of the schema, never raw data
        props = {k: v for k, v in a.items() if k not in ("label", "id")}
        lines.append(f"MERGE (n:Entity {{id: {cypher_literal(n)}}}) SET n:{label} SET n += {_map(props)};")
    for u, v, a in graph.g.edges(data=True):
        spec = RELATIONSHIPS[a["type"]]
        props = {k: x for k, x in a.items() if k != "type"}
        match = f"MATCH (a:Entity {{id: {cypher_literal(u)}}}), (b:Entity {{id: {cypher_literal(v)}}})"
        merge = f"MERGE (a)-[r:{spec.name}]->(b)"
        lines.append(f"{match} {merge}" + (f" SET r += {_map(props)}" if props else "") + ";")
    return "\n".join(lines) + "\n"


def to_html(graph: ScenarioGraph, lang: str = "zh") -> bytes:
    page = network_html(graph, lang, size_by="degree", height=820)
    r = graph.release or {}
    if r.get("version") and r.get("date"):  # the data release as page metadata
        import html

        meta = (f'<meta name="scenegraph-release" content="{html.escape(str(r["version"]))} '
                f'{html.escape(str(r["date"]))}">')
        page = page.replace("<head>", "<head>\n" + meta, 1)
    return page.encode("utf-8")


def data_row(attrs: dict) -> dict:
    """A node's attributes as a data file holds them: without what validate computes (the evidence grade), which
    a data directory never carries (it is refused there)."""
    computed = COMPUTED_PROPS.get(attrs.get("label", ""), ())
    return {k: v for k, v in attrs.items() if k not in computed}


def write_data_dir(graph: ScenarioGraph, out: str | Path) -> None:
    """The graph as a data directory (nodes.jsonl, relationships.jsonl, sources.yaml) that `--data` reads."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / "nodes.jsonl", (data_row(a) for _, a in graph.g.nodes(data=True)))
    write_jsonl(out / "relationships.jsonl", ({"type": t, "from": u, "to": v, **props}
                                              for u, v, t, props in graph.edges()))
    (out / "sources.yaml").write_text(sources_yaml(graph), encoding="utf-8")
    if graph.release:
        (out / "release.yaml").write_text(release_yaml(graph), encoding="utf-8")
