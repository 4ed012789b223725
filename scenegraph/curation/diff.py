"""What changed between two releases of the graph: nodes, relationships and sources added, removed and changed
(with the fields that changed), for two data directories or two exports (GraphML, node-link JSON, the CSV zip).

The comparison reads the raw records, not the validated graph, so two releases with different schemas (a field
renamed, a label added) still compare: a renamed field shows as one field removed and one added.

Earlier releases are kept compact beside the data (`data/releases/<version>.json.gz`, written by
`save_snapshot`), so `scenegraph diff` with no arguments and the overview's "What changed" compare this release
with the previous one on any install, without the old data directory.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenegraph.base.bounded import decode_text, load_json, read_bytes, read_zip
from scenegraph.base.errors import InputRejected
from scenegraph.base.i18n import pick
from scenegraph.base.limits import LIMITS
from scenegraph.dataset.loader import _label_file_map, _split_inline
from scenegraph.dataset.records import ParsedFiles, parse_dir
from scenegraph.dataset.release import read_meta
from scenegraph.graph.schema import COMPUTED_PROPS, LABELS

__all__ = ["Change", "ChangeRows", "GraphDiff", "Snapshot", "change_rows", "diff", "diff_paths", "previous_release",
           "save_snapshot", "snapshot"]

#: the folder of a data directory holding earlier releases, one `<version>.json.gz` each
RELEASES = "releases"

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
    #: node id -> (name_zh, name_en), from the new release, else the old (a removed node): names beside ids
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: node id -> label, the same way
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.nodes.empty and self.relationships.empty and self.sources.empty

    def named(self, node_id: str) -> str:
        """An id with its names: 'kpi_noise (噪声 · Noise)'; an id the releases do not name stays as it is."""
        zh, en = self.names.get(node_id, ("", ""))
        both = " · ".join(dict.fromkeys(x for x in (zh, en) if x))
        return f"{node_id} ({both})" if both else node_id

    def _named_edge(self, edge: str) -> str:
        m = _EDGE.fullmatch(edge)
        if not m:
            return edge
        u, v = m.group(1), m.group(3)
        names = [pick_name(self.names.get(x), "en") or x for x in (u, v)]
        return f"{edge}  {names[0]} -> {names[1]}"

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
            show = {"nodes": self.named, "relationships": self._named_edge}.get(title, str)
            lines += [f"  + {show(x)}" for x in part.added]
            lines += [f"  - {show(x)}" for x in part.removed]
            for c in part.changed:
                lines.append(f"  ~ {show(c.id)}")
                lines += [f"      {k}: {_show(o)} -> {_show(n)}" for k, (o, n) in c.fields.items()]
        return "\n".join(lines)


def _show(value: Any) -> str:
    return "(none)" if value is None else json.dumps(value, ensure_ascii=False, default=str)


_EDGE = re.compile(r"\((.+)\)-\[:(\w+)\]->\((.+)\)")


def pick_name(names: tuple[str, str] | None, lang: str) -> str:
    """The name in `lang`, else in the other language, else ''."""
    if not names:
        return ""
    zh, en = names
    return pick(lang, zh or en, en or zh)


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
    for edge in parsed.edges:
        snap.edges[(edge.type, str(edge.src), str(edge.dst))] = {k: _plain(v) for k, v in edge.props.items()}
    for src in parsed.sources:
        if shipped_sources or not src.file.endswith("(shipped)"):
            data = {k: _plain(v) for k, v in src.data.items() if k != "key"}
            snap.sources[str(src.data.get("key"))] = data
    return snap


def save_snapshot(snap: Snapshot) -> bytes:
    """A release as compact gzipped JSON (the `data/releases/<version>.json.gz` format): sorted, so the same
    release gives the same bytes."""
    doc = {"release": snap.release, "nodes": snap.nodes, "sources": snap.sources,
           "relationships": sorted([t, u, v, p] for (t, u, v), p in snap.edges.items())}
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return gzip.compress(text.encode("utf-8"), mtime=0)


def _gunzip(data: bytes, what: str) -> bytes:
    """Gzip data inflated to at most the file-size limit: a small bomb is refused, not expanded."""
    inflate = zlib.decompressobj(wbits=31)
    out = inflate.decompress(data, LIMITS.max_file_bytes + 1)
    if len(out) > LIMITS.max_file_bytes or inflate.unconsumed_tail:
        raise InputRejected(f"cannot read {what}: it inflates beyond the size limit "
                            f"(max_file_bytes = {LIMITS.max_file_bytes:,})")
    return out


def _read_saved(path: Path) -> Snapshot:
    try:
        doc = load_json(decode_text(_gunzip(read_bytes(path), path.name), path.name), path.name)
        edges = {(str(t), str(u), str(v)): dict(p) for t, u, v, p in doc["relationships"]}
        return Snapshot(dict(doc["nodes"]), edges, dict(doc["sources"]), doc.get("release"))
    except (zlib.error, json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
        raise InputRejected(f"cannot read {path.name}: not a saved release ({e})") from e


def _version(text: Any) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", str(text)))


def previous_release(data_dir: str | Path) -> Path | None:
    """The newest release kept in `data_dir/releases` not newer than the data's own version: the release this one
    is compared with (the same version when the data moved on without a new number: its changes since)."""
    folder = Path(data_dir) / RELEASES
    meta = read_meta(Path(data_dir))
    current = _version(meta.release.version) if meta.release else None
    kept = [(_version(f.name.removesuffix(".json.gz")), f) for f in folder.glob("*.json.gz")] \
        if folder.is_dir() else []
    kept = [(v, f) for v, f in kept if v and (current is None or v <= current)]
    return max(kept)[1] if kept else None


def snapshot(path: str | Path) -> Snapshot:
    """A data directory, a saved release (.json.gz), or an export (.graphml/.xml, .json, the CSV .zip), as a
    Snapshot."""
    from scenegraph.formats.readers import parse_csv_pair, parse_graphml, parse_node_link

    path = Path(path)
    if path.name.endswith(".json.gz"):
        return _read_saved(path)
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
    raise InputRejected(f"cannot compare {path.name}: give a data directory, a saved release (.json.gz), .graphml, "
                        ".json or a CSV .zip")


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
    names, labels = {}, {}
    for snap in (old, new):  # the new release's names win
        for node_id, props in snap.nodes.items():
            names[node_id] = (str(props.get("name_zh") or ""), str(props.get("name_en") or ""))
            labels[node_id] = str(props.get("label") or "")
    return GraphDiff(old.release, new.release, _part(old.nodes, new.nodes), _part(old.edges, new.edges, _edge_id),
                     _part(old.sources, new.sources), names, labels)


@dataclass
class ChangeRows:
    """A diff for a reader: counts per kind of node and relationship, and one row per change, named in one
    language (what the overview's "What changed" shows)."""

    #: (label or relationship type, added, removed, changed)
    node_counts: list[tuple[str, int, int, int]]
    rel_counts: list[tuple[str, int, int, int]]
    #: (what happened: added/removed/changed, label, name, id, changed fields)
    nodes: list[tuple[str, str, str, str, list[str]]]
    #: (what happened, type, from name, to name, changed fields)
    relationships: list[tuple[str, str, str, str, list[str]]]
    sources: tuple[int, int, int]


def change_rows(d: GraphDiff, lang: str) -> ChangeRows:
    """Counts and rows of a diff in `lang`: names instead of ids wherever the releases give one."""

    def counts(items: dict[str, list[int]]) -> list[tuple[str, int, int, int]]:
        return [(k, v[0], v[1], v[2]) for k, v in sorted(items.items(), key=lambda kv: (-sum(kv[1]), kv[0]))]

    per_label: dict[str, list[int]] = {}
    nodes = []
    for i, (kind, ids) in enumerate((("added", d.nodes.added), ("removed", d.nodes.removed),
                                     ("changed", [c.id for c in d.nodes.changed]))):
        fields = {c.id: list(c.fields) for c in d.nodes.changed}
        for node_id in ids:
            label = d.labels.get(node_id, "")
            per_label.setdefault(label, [0, 0, 0])[i] += 1
            nodes.append((kind, label, pick_name(d.names.get(node_id), lang) or node_id, node_id,
                          fields.get(node_id, [])))
    per_type: dict[str, list[int]] = {}
    rels = []
    for i, (kind, ids) in enumerate((("added", d.relationships.added), ("removed", d.relationships.removed),
                                     ("changed", [c.id for c in d.relationships.changed]))):
        fields = {c.id: list(c.fields) for c in d.relationships.changed}
        for edge in ids:
            m = _EDGE.fullmatch(edge)
            u, rel, v = (m.group(1), m.group(2), m.group(3)) if m else (edge, "", "")
            per_type.setdefault(rel, [0, 0, 0])[i] += 1
            rels.append((kind, rel, pick_name(d.names.get(u), lang) or u, pick_name(d.names.get(v), lang) or v,
                         fields.get(edge, [])))
    src = (len(d.sources.added), len(d.sources.removed), len(d.sources.changed))
    return ChangeRows(counts(per_label), counts(per_type), nodes, rels, src)


def diff_paths(old: str | Path, new: str | Path) -> GraphDiff:
    return diff(snapshot(old), snapshot(new))

