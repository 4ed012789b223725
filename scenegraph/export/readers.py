"""Exported files back into a validated graph: GraphML, node-link JSON and the CSV pair go through the same
checks as data files (every problem at once), except that a subgraph may leave out a scenario's stage or
domain. Source keys resolve against the sources a file carries, then the shipped catalogue."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import networkx as nx

from ..data import check_parsed
from ..graph import ScenarioGraph
from ..model import LABELS, RELATIONSHIPS
from ..problems import DataError, Problem
from ..records import EdgeRecord, NodeRecord, ParsedFiles, SourceRecord
from ..resources import data_dir
from .values import field_kind, restore

__all__ = ["import_file", "parse_csv_pair", "parse_graphml", "parse_node_link", "validated_graph"]


def _shipped_sources() -> list[dict]:
    import yaml

    path = data_dir() / "sources.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []


def _node(out: ParsedFiles, file: str, line: int, node_id: Any, attrs: dict) -> None:
    label = attrs.pop("label", None) or attrs.pop("schema_label", None)
    if label not in LABELS:
        out.problems.append(Problem(file, line, f"node '{node_id}' has no known label (got {label!r})",
                                    "unknown_label"))
        return
    data = {k: restore(field_kind(label, k), v) for k, v in attrs.items()}
    data["id"] = node_id
    out.nodes.append(NodeRecord(file, line, label, data))


def _edge(out: ParsedFiles, file: str, line: int, src: Any, dst: Any, attrs: dict) -> None:
    rel = attrs.pop("type", None) or attrs.pop("rel_type", None)
    if rel not in RELATIONSHIPS:
        out.problems.append(Problem(file, line, f"relationship {src} -> {dst} has no known type (got {rel!r})",
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


def _from_nx(g: nx.MultiDiGraph, file: str) -> ParsedFiles:
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
        g = nx.node_link_graph(json.loads(data), edges="links", source="from", target="to", multigraph=True,
                               directed=True)
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, nx.NetworkXError) as e:
        out = ParsedFiles()
        out.problems.append(Problem(file, 0, f"not readable node-link JSON: {type(e).__name__}: {e}", "syntax"))
        return out
    return _from_nx(g, file)


def _typed(header: str) -> tuple[str, str | None]:
    name, _, kind = header.partition(":")
    return name, kind or None


def _csv_value(kind: str | None, text: str) -> Any:
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "boolean":
        return text.strip().lower() == "true"
    if kind == "string[]":
        return [x for x in text.split(";") if x]
    return text


def _sources_text(text: str | None) -> dict[str, dict]:
    import yaml

    rows = yaml.safe_load(text) if text else None
    return {r["key"]: r for r in rows if isinstance(r, dict) and "key" in r} if isinstance(rows, list) else {}


def parse_csv_pair(nodes_text: str, rels_text: str, sources_text: str | None = None,
                   file: str = "nodes.csv") -> ParsedFiles:
    """The pair, with the sources.yaml written beside it (when there is one) for what the rows cite."""
    out = ParsedFiles()
    _sources(out, "sources.yaml", _sources_text(sources_text))
    for what, text, required in (("nodes.csv", nodes_text, ("id:ID", ":LABEL")),
                                 ("relationships.csv", rels_text, (":START_ID", ":END_ID", ":TYPE"))):
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            out.problems.append(Problem(what, 1, f"missing column(s) {', '.join(missing)}", "missing_field"))
            continue
        for line, row in enumerate(reader, start=2):
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


def validated_graph(parsed: ParsedFiles) -> ScenarioGraph:
    checked = check_parsed(parsed, require_links=False)
    if checked.problems:
        raise DataError(checked.problems)
    return ScenarioGraph.from_rows(checked.nodes, checked.edges, checked.sources)


def import_file(path: str | Path) -> ScenarioGraph:
    """GraphML (.graphml, .xml), node-link JSON (.json), or the CSV pair (.zip, a folder, or nodes.csv with
    relationships.csv beside it)."""
    path = Path(path)
    if path.is_dir() or path.name == "nodes.csv":
        folder = path if path.is_dir() else path.parent
        sources = folder / "sources.yaml"
        parsed = parse_csv_pair((folder / "nodes.csv").read_text(encoding="utf-8"),
                                (folder / "relationships.csv").read_text(encoding="utf-8"),
                                sources.read_text(encoding="utf-8") if sources.exists() else None)
    elif path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as z:
                nodes, rels = z.read("nodes.csv"), z.read("relationships.csv")
                sources = z.read("sources.yaml").decode("utf-8") if "sources.yaml" in z.namelist() else None
        except (zipfile.BadZipFile, KeyError) as e:
            raise ValueError(f"{path.name} is not a zip holding nodes.csv and relationships.csv ({e})") from None
        parsed = parse_csv_pair(nodes.decode("utf-8", errors="replace"), rels.decode("utf-8", errors="replace"),
                                sources)
    elif path.suffix.lower() in (".graphml", ".xml"):
        parsed = parse_graphml(path.read_bytes(), path.name)
    elif path.suffix.lower() == ".json":
        parsed = parse_node_link(path.read_bytes(), path.name)
    else:
        raise ValueError(f"cannot import {path.name}: use .graphml, .json, .zip (CSV pair) or nodes.csv")
    return validated_graph(parsed)
