"""Exported files back into a validated graph: GraphML, node-link JSON and the CSV pair go through the same
checks as data files (every problem at once), except that a subgraph may leave out a scenario's stage or
domain. Source keys resolve against the sources a file carries, then the shipped catalogue."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any

import networkx as nx

from scenegraph.base.bounded import Rejected, check_yaml_events, decode_text, load_json, read_bytes, read_zip
from scenegraph.base.errors import InputRejected
from scenegraph.base.limits import LIMITS
from scenegraph.base.resources import data_dir
from scenegraph.dataset.loader import check_parsed
from scenegraph.dataset.problems import DataError, Problem
from scenegraph.dataset.records import EdgeRecord, NodeRecord, ParsedFiles, SourceRecord
from scenegraph.formats.neo4j_csv import CsvSyntaxError, read_rows
from scenegraph.formats.values import field_kind, restore
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import LABELS, RELATIONSHIPS, tenant_refusal

__all__ = ["import_file", "parse_csv_pair", "parse_graphml", "parse_node_link", "validated_graph"]

log = logging.getLogger(__name__)


def _shipped_sources() -> list[dict]:
    import yaml

    path = data_dir() / "sources.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []


def _node(out: ParsedFiles, file: str, line: int, node_id: Any, attrs: dict) -> None:
    label = attrs.pop("label", None) or attrs.pop("schema_label", None)
    if label not in LABELS:
        refusal = tenant_refusal(str(label))
        out.problems.append(Problem(file, line, f"node '{node_id}': {refusal}", "tenant_data") if refusal else
                            Problem(file, line, f"node '{node_id}' has no known label (got {label!r})",
                                    "unknown_label"))
        return
    data = {k: restore(field_kind(label, k), v) for k, v in attrs.items()}
    data["id"] = node_id
    out.nodes.append(NodeRecord(file, line, label, data))


def _edge(out: ParsedFiles, file: str, line: int, src: Any, dst: Any, attrs: dict) -> None:
    rel = attrs.pop("type", None) or attrs.pop("rel_type", None)
    if rel not in RELATIONSHIPS:
        refusal = tenant_refusal(str(rel))
        out.problems.append(Problem(file, line, f"relationship {src} -> {dst}: {refusal}", "tenant_data") if refusal
                            else Problem(file, line, f"relationship {src} -> {dst} has no known type (got {rel!r})",
                                         "unknown_type"))
        return
    out.edges.append(EdgeRecord(file, line, rel, src, dst, {k: restore(field_kind(rel, k), v)
                                                            for k, v in attrs.items()}))


def _sources(out: ParsedFiles, file: str, carried: dict[str, dict]) -> None:
    for key, src in carried.items():
        out.sources.append(SourceRecord(file, 0, {**src, "key": key}))
    for src in _shipped_sources():
        if src.get("key") not in carried:
            out.sources.append(SourceRecord("sources.yaml (shipped)", 0, src))


def _from_nx(g: nx.Graph[Any], file: str) -> ParsedFiles:
    """What a GraphML or node-link reader built (a multigraph, directed: both readers are asked for one)."""
    out = ParsedFiles()
    try:
        carried = json.loads(g.graph.get("sources") or "{}")
    except json.JSONDecodeError:
        carried = {}
        out.problems.append(Problem(file, 0, "the graph's 'sources' attribute is not JSON", "wrong_type"))
    _sources(out, file, carried if isinstance(carried, dict) else {})
    for i, (n, a) in enumerate(g.nodes(data=True), start=1):
        _node(out, file, i, n, {k: v for k, v in a.items() if k != "id"})
    for i, (u, v, a) in enumerate(g.edges(data=True), start=1):
        _edge(out, file, i, u, v, {k: x for k, x in a.items() if k not in ("id", "key")})
    return out


def parse_graphml(data: bytes, file: str = "graph.graphml") -> ParsedFiles:
    try:
        g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    except Exception as e:  # noqa: BLE001 - any parser failure is one problem of the file
        out = ParsedFiles()
        out.problems.append(Problem(file, 0, f"not readable GraphML: {e}", "syntax"))
        return out
    return _from_nx(g, file)


def parse_node_link(data: bytes, file: str = "graph.json") -> ParsedFiles:
    try:
        doc = load_json(decode_text(data, file), file)
        g = nx.node_link_graph(doc, edges="links", source="from", target="to", multigraph=True, directed=True)
    except Rejected as e:
        out = ParsedFiles()
        out.problems.append(Problem(file, e.line, str(e).removeprefix(f"{file}: "), e.kind))
        return out
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError, nx.NetworkXError) as e:
        out = ParsedFiles()
        out.problems.append(Problem(file, 0, f"not readable node-link JSON: {type(e).__name__}: {e}", "syntax"))
        return out
    return _from_nx(g, file)


def _typed(header: str) -> tuple[str, str | None]:
    name, _, kind = header.partition(":")
    return name, kind or None


def _csv_value(kind: str | None, text: str) -> Any:
    if kind in ("int", "long"):
        return int(text)
    if kind in ("float", "double"):
        return float(text)
    if kind == "boolean":
        return text.strip().lower() == "true"
    if kind == "string[]":
        return [x for x in text.split(";") if x]
    return text


def _sources_text(text: str | None, out: ParsedFiles) -> dict[str, dict]:
    """The sources.yaml beside a CSV pair; a malformed or hostile one (aliases, deep nesting) is a problem of
    that file, never a traceback."""
    import yaml

    if not text:
        return {}
    try:
        check_yaml_events(text, "sources.yaml")
        rows = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loader
    except Rejected as e:
        out.problems.append(Problem("sources.yaml", e.line, str(e).removeprefix("sources.yaml: "), e.kind))
        return {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        out.problems.append(Problem("sources.yaml", mark.line + 1 if mark else 0,
                                    f"YAML syntax error: {getattr(e, 'problem', None) or e}", "yaml_syntax"))
        return {}
    return {r["key"]: r for r in rows if isinstance(r, dict) and "key" in r} if isinstance(rows, list) else {}


def parse_csv_pair(nodes_text: str, rels_text: str, sources_text: str | None = None,
                   file: str = "nodes.csv") -> ParsedFiles:
    """The pair, with the sources.yaml written beside it (when there is one) for what the rows cite."""
    out = ParsedFiles()
    _sources(out, "sources.yaml", _sources_text(sources_text, out))
    for what, text, required in (("nodes.csv", nodes_text, ("id:ID", ":LABEL")),
                                 ("relationships.csv", rels_text, (":START_ID", ":END_ID", ":TYPE"))):
        try:
            records = list(_bounded_rows(text.lstrip("\ufeff"), what))
        except CsvSyntaxError as e:
            out.problems.append(Problem(what, 0, f"not readable CSV: {e}", "syntax"))
            continue
        except Rejected as e:
            out.problems.append(Problem(what, 0, str(e), e.kind))
            continue
        fieldnames = records[0][1] if records else []
        missing = [c for c in required if c not in fieldnames]
        if missing:
            out.problems.append(Problem(what, 1, f"missing column(s) {', '.join(missing)}", "missing_field"))
            continue
        for line, cells in records[1:]:
            if len(cells) != len(fieldnames):
                out.problems.append(Problem(what, line, f"{len(cells)} cells where the header has "
                                            f"{len(fieldnames)}", "wrong_type"))
                continue
            row = dict(zip(fieldnames, cells, strict=True))
            attrs: dict[str, Any] = {}
            try:
                for header, cell in row.items():
                    if header in required or not header or cell in ("", None):
                        continue
                    name, kind = _typed(header)
                    attrs[name] = _csv_value(kind, cell)
            except ValueError as e:
                out.problems.append(Problem(what, line, f"bad value: {e}", "wrong_type"))
                continue
            if what == "nodes.csv":
                labels = [x for x in row[":LABEL"].split(";") if x and x != "Entity"]
                attrs["label"] = labels[0] if labels else None
                _node(out, what, line, row["id:ID"], attrs)
            else:
                attrs["type"] = row[":TYPE"]
                _edge(out, what, line, row[":START_ID"], row[":END_ID"], attrs)
    return out


def _bounded_rows(text: str, what: str):
    for n, (line, cells) in enumerate(read_rows(text)):
        if n > LIMITS.max_rows:
            raise Rejected(f"{what}: more than {LIMITS.max_rows:,} rows (limit max_rows = {LIMITS.max_rows:,})")
        yield line, cells


def validated_graph(parsed: ParsedFiles) -> ScenarioGraph:
    checked = check_parsed(parsed, require_links=False, exported=True)
    if checked.problems:
        raise DataError(checked.problems)
    return ScenarioGraph.from_rows(checked.nodes, checked.edges, checked.sources)


def _text(data: bytes, what: str) -> str:
    try:
        return decode_text(data, what)
    except Rejected as e:
        raise DataError([Problem(what, e.line, str(e).removeprefix(f"{what}: "), e.kind)]) from None


def import_file(path: str | Path) -> ScenarioGraph:
    """GraphML (.graphml, .xml), node-link JSON (.json), or the CSV pair (.zip, a folder, or nodes.csv with
    relationships.csv beside it). Every file is bounded (size, archive entries and expansion, nesting, rows)
    before it is parsed; a refusal names the limit."""
    path = Path(path)
    if path.is_dir() or path.name == "nodes.csv":
        folder = path if path.is_dir() else path.parent
        sources = folder / "sources.yaml"
        parsed = parse_csv_pair(_text(read_bytes(folder / "nodes.csv"), "nodes.csv"),
                                _text(read_bytes(folder / "relationships.csv"), "relationships.csv"),
                                _text(read_bytes(sources), "sources.yaml") if sources.exists() else None)
    elif path.suffix.lower() == ".zip":
        members = read_zip(read_bytes(path), path.name, ("nodes.csv", "relationships.csv", "sources.yaml"))
        missing = [m for m in ("nodes.csv", "relationships.csv") if m not in members]
        if missing:
            raise Rejected(f"{path.name} is not a zip holding nodes.csv and relationships.csv "
                           f"(missing {', '.join(missing)})")
        parsed = parse_csv_pair(_text(members["nodes.csv"], "nodes.csv"),
                                _text(members["relationships.csv"], "relationships.csv"),
                                _text(members["sources.yaml"], "sources.yaml") if "sources.yaml" in members else None)
    elif path.suffix.lower() in (".graphml", ".xml"):
        parsed = parse_graphml(read_bytes(path), path.name)
    elif path.suffix.lower() == ".json":
        parsed = parse_node_link(read_bytes(path), path.name)
    else:
        raise InputRejected(f"cannot import {path.name}: use .graphml, .json, .zip (CSV pair) or nodes.csv")
    log.info("read %s: %d node rows, validating", path.name, len(parsed.nodes))
    return validated_graph(parsed)
