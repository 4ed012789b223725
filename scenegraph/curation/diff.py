"""What changed between two releases of the graph: nodes, relationships and sources added, removed and changed
(with the fields that changed), for two data directories or two exports (GraphML, node-link JSON, the CSV zip).

The comparison reads the raw records, not the validated graph, so two releases with different schemas (a field
renamed, a label added) still compare: a renamed field shows as one field removed and one added.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenegraph.base.bounded import decode_text, load_json, read_bytes, read_zip
from scenegraph.base.errors import InputRejected
from scenegraph.dataset.loader import _label_file_map, _split_inline
from scenegraph.dataset.records import ParsedFiles, parse_dir
from scenegraph.dataset.release import read_meta
from scenegraph.graph.schema import COMPUTED_PROPS, LABELS

__all__ = ["Change", "GraphDiff", "Snapshot", "diff", "diff_paths", "snapshot"]

EdgeKey = tuple[str, str, str]  # type, from, to


@dataclass
class Snapshot:
    """A release as plain dictionaries: node id -> properties (with `label`), relationship key -> properties,
    source key -> fields, and the release metadata when the data says it."""

    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[EdgeKey, dict] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)
    release: dict | None = None


@dataclass(frozen=True)
class Change:
    """One changed item: field -> (old value, new value); a field absent on one side is None there."""

    id: str
    fields: dict[str, tuple[Any, Any]]

    def as_json(self) -> dict:
        return {"id": self.id, "fields": {k: {"old": o, "new": n} for k, (o, n) in self.fields.items()}}


@dataclass
class Part:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def as_json(self) -> dict:
        return {"added": self.added, "removed": self.removed, "changed": [c.as_json() for c in self.changed]}


@dataclass
class GraphDiff:
    old_release: dict | None
    new_release: dict | None
    nodes: Part
    relationships: Part
    sources: Part

    @property
    def empty(self) -> bool:
        return self.nodes.empty and self.relationships.empty and self.sources.empty

    def as_json(self) -> dict:
        return {"old_release": self.old_release, "new_release": self.new_release, "nodes": self.nodes.as_json(),
                "relationships": self.relationships.as_json(), "sources": self.sources.as_json()}

    def text(self) -> str:
        def rel(r: dict | None) -> str:
            return f"{r.get('version', '?')} ({r.get('date', '?')})" if r else "unversioned"

        lines = [f"release {rel(self.old_release)} -> {rel(self.new_release)}"]
        for title, part in (("nodes", self.nodes), ("relationships", self.relationships), ("sources", self.sources)):
            lines.append(f"{title}: {len(part.added)} added, {len(part.removed)} removed, "
                         f"{len(part.changed)} changed")
            lines += [f"  + {x}" for x in part.added]
            lines += [f"  - {x}" for x in part.removed]
            for c in part.changed:
                lines.append(f"  ~ {c.id}")
                lines += [f"      {k}: {_show(o)} -> {_show(n)}" for k, (o, n) in c.fields.items()]
        return "\n".join(lines)


def _show(value: Any) -> str:
    return "(none)" if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _edge_id(key: EdgeKey) -> str:
    t, u, v = key
    return f"({u})-[:{t}]->({v})"


def _plain(value: Any) -> Any:
    """Values comparable across formats: times as ISO text, tuples as lists."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _from_parsed(parsed: ParsedFiles, shipped_sources: bool = False) -> Snapshot:
    if parsed.problems:
        first = parsed.problems[0]
        raise InputRejected(f"cannot read {first.file}:{first.line}: {first.message}")
    snap = Snapshot()
    for rec in parsed.nodes:
        cls = LABELS.get(rec.label or "")
        props = _split_inline(rec, cls, parsed) if cls is not None else dict(rec.data)
        for key in COMPUTED_PROPS.get(rec.label or "", ()):  # an export carries them, a data directory never does
            props.pop(key, None)
        node_id = props.get("id")
        if isinstance(node_id, str):
            snap.nodes[node_id] = {"label": rec.label, **{k: _plain(v) for k, v in props.items() if k != "id"}}
    for rec in parsed.edges:
        props = {k: _plain(v) for k, v in rec.props.items()}
        snap.edges[(rec.type, str(rec.src), str(rec.dst))] = props
    for src in parsed.sources:
        if shipped_sources or not src.file.endswith("(shipped)"):
            data = {k: _plain(v) for k, v in src.data.items() if k != "key"}
            snap.sources[str(src.data.get("key"))] = data
    return snap


def snapshot(path: str | Path) -> Snapshot:
    """A data directory, or an export (.graphml/.xml, .json, the CSV .zip), as a Snapshot."""
    from scenegraph.formats.readers import parse_csv_pair, parse_graphml, parse_node_link

    path = Path(path)
    if path.is_dir():
        snap = _from_parsed(parse_dir(path, _label_file_map()))
        meta = read_meta(path)
        snap.release = meta.release.model_dump(exclude_none=True) if meta.release else None
        return snap
    suffix = path.suffix.lower()
    data = read_bytes(path)
    if suffix == ".zip":
        members = read_zip(data, path.name, ("nodes.csv", "relationships.csv", "sources.yaml", "release.yaml"))
        text = {k: decode_text(v, k) for k, v in members.items()}
        if "nodes.csv" not in text or "relationships.csv" not in text:
            raise InputRejected(f"{path.name} is not a zip holding nodes.csv and relationships.csv")
        snap = _from_parsed(parse_csv_pair(text["nodes.csv"], text["relationships.csv"], text.get("sources.yaml")))
        if "release.yaml" in text:
            import yaml

            doc = yaml.safe_load(text["release.yaml"])
            snap.release = doc if isinstance(doc, dict) else None
        return snap
    if suffix in (".graphml", ".xml"):
        snap = _from_parsed(parse_graphml(data, path.name))
        snap.release = _graphml_release(data)
        return snap
    if suffix == ".json":
        snap = _from_parsed(parse_node_link(data, path.name))
        doc = load_json(data, path.name)
        snap.release = _release_attr((doc.get("graph") or {}).get("release") if isinstance(doc, dict) else None)
        return snap
    raise InputRejected(f"cannot compare {path.name}: give a data directory, .graphml, .json or a CSV .zip")


def _release_attr(text: Any) -> dict | None:
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _graphml_release(data: bytes) -> dict | None:
    """The graph-level `release` attribute of a GraphML file (the export writes it as JSON text)."""
    import io

    import networkx as nx

    return _release_attr(nx.read_graphml(io.BytesIO(data), force_multigraph=True).graph.get("release"))


def _part(old: dict[Any, dict], new: dict[Any, dict], name=str) -> Part:
    part = Part(sorted(name(k) for k in new.keys() - old.keys()), sorted(name(k) for k in old.keys() - new.keys()))
    for k in sorted(old.keys() & new.keys(), key=name):
        a, b = old[k], new[k]
        fields = {f: (a.get(f), b.get(f)) for f in sorted(a.keys() | b.keys()) if a.get(f) != b.get(f)}
        if fields:
            part.changed.append(Change(name(k), fields))
    return part


def diff(old: Snapshot, new: Snapshot) -> GraphDiff:
    return GraphDiff(old.release, new.release, _part(old.nodes, new.nodes), _part(old.edges, new.edges, _edge_id),
                     _part(old.sources, new.sources))


def diff_paths(old: str | Path, new: str | Path) -> GraphDiff:
    return diff(snapshot(old), snapshot(new))

