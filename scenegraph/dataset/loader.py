"""Load a data directory into a validated ScenarioGraph: every problem at once, nothing half-loaded."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import annotated_types
import networkx as nx
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from scenegraph.base.collector import gc_paused
from scenegraph.base.resources import data_dir as default_data_dir
from scenegraph.base.texts import text_problem, walk_text_problems
from scenegraph.dataset.problems import DataError, Problem, ordered
from scenegraph.dataset.records import EdgeRecord, NodeRecord, ParsedFiles, parse_dir
from scenegraph.dataset.release import read_meta
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import (
    ACYCLIC_RELATIONSHIPS,
    COMPUTED_PROPS,
    LABEL_FILES,
    LABELS,
    RELATIONSHIPS,
    Node,
    Source,
    cited_keys,
    evidence_grade,
    tenant_refusal,
)

__all__ = ["check_dir", "load_graph", "Validated"]

log = logging.getLogger(__name__)

_INLINE_RELS = {name.lower(): name for name in RELATIONSHIPS}


@dataclass
class Validated:
    """What a data directory holds once checked; `problems` is empty when it is sound."""

    nodes: list[dict]
    edges: list[tuple[str, str, str, dict]]
    sources: dict[str, dict]
    problems: list[Problem]
    #: release.yaml (version, date) and non_authoritative_hosts.yaml of a data directory, when it has them
    release: dict | None = None
    hosts: list[dict] = field(default_factory=list)


def _bounds(model: type[BaseModel], field: str) -> tuple[Any, Any]:
    lo = hi = None
    info = model.model_fields.get(field)
    for meta in info.metadata if info else ():
        if isinstance(meta, annotated_types.Ge):
            lo = meta.ge
        elif isinstance(meta, annotated_types.Le):
            hi = meta.le
    return lo, hi


def _explain(err: ErrorDetails, model: type[BaseModel], what: str) -> tuple[str, str, str]:
    """(field, message, kind) for one pydantic error, in plain words."""
    field = str(err["loc"][0]) if err["loc"] else ""
    etype = err["type"]
    if etype == "missing":
        return field, f"{what}: missing required field '{field}'", "missing_field"
    if etype == "extra_forbidden":
        allowed = ", ".join(k for k in model.model_fields)
        hint = ""
        if err["input"] is None:
            hint = "; if an unquoted comma inside {...} split a value here, put the value in quotes"
        return field, f"{what}: unknown field '{field}' (allowed: {allowed}){hint}", "unknown_field"
    if etype in ("greater_than_equal", "less_than_equal"):
        lo, hi = _bounds(model, field)
        kind = "level_range" if field == "level" else "out_of_range"
        return field, f"{what}: {field} {err['input']!r} is outside {lo}-{hi}", kind
    if etype == "value_error":
        return field, f"{what}: {err['msg'].removeprefix('Value error, ')}", "invalid"
    if etype == "int_type":  # strict: `level: true` or `level: "3"` is not a level
        kind = "level_type" if field == "level" else "wrong_type"
        return field, f"{what}: {field} must be a whole number, got {err['input']!r}", kind
    loc = ".".join(str(p) for p in err["loc"])
    return field, f"{what}: field '{loc}': {err['msg']} (got {err['input']!r})", "wrong_type"


def _validate(model: type[BaseModel], data: dict, what: str, file: str, line_of, problems: list[Problem]):
    try:
        return model.model_validate(data)
    except ValidationError as e:
        for err in e.errors():
            field, message, kind = _explain(err, model, what)
            problems.append(Problem(file, line_of(field), message, kind))
        return None


def _split_inline(rec: NodeRecord, cls: type[Node], parsed: ParsedFiles) -> dict:
    """Move relationship keys (`at:`, `depends_on:` ...) out of a node record into edge records."""
    props = {}
    for key, value in rec.data.items():
        rel_name = _INLINE_RELS.get(key) if key not in cls.model_fields else None
        if rel_name is None:
            props[key] = value
            continue
        line = rec.line_of(key)
        rel = RELATIONSHIPS[rel_name]
        if cls.LABEL not in rel.sources:
            parsed.problems.append(Problem(rec.file, line, f"{cls.LABEL} '{rec.data.get('id')}' cannot have "
                                           f"{rel_name} relationships: {rel.describe()}", "wrong_label"))
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                item_line = getattr(item, "line", line)
                row = dict(item)
                if "to" not in row:
                    parsed.problems.append(Problem(rec.file, item_line, f"{key}: entry is missing 'to'",
                                                   "missing_field"))
                    continue
                dst = row.pop("to")
                parsed.edges.append(EdgeRecord(rec.file, item_line, rel_name, rec.data.get("id"), dst, row))
            else:
                parsed.edges.append(EdgeRecord(rec.file, line, rel_name, rec.data.get("id"), item, {}))
    return props


def _drop_computed(rec: NodeRecord, cls: type[Node], data: dict, exported: bool, problems: list[Problem]) -> None:
    """Computed properties (the evidence grade) come from the loader: an export carries them and they are computed
    again on import; a data directory that types one is told so."""
    for key in COMPUTED_PROPS.get(cls.LABEL, ()):
        if key in data:
            value = data.pop(key)
            if not exported:
                problems.append(Problem(rec.file, rec.line_of(key), f"{cls.LABEL} '{data.get('id', '?')}': "
                                        f"{key} {value!r} is computed by validate from the sources the scenario "
                                        "cites; remove it", "computed_field"))


def _check_nodes(parsed: ParsedFiles, problems: list[Problem],
                 exported: bool = False) -> dict[str, tuple[Node | None, NodeRecord]]:
    """Every node record by id, with its validated node (None when it is not valid)."""
    nodes: dict[str, tuple[Node | None, NodeRecord]] = {}
    for rec in parsed.nodes:
        cls = LABELS.get(rec.label or "")
        if cls is None:
            refusal = tenant_refusal(rec.label or "")
            problems.append(Problem(rec.file, rec.line, refusal, "tenant_data") if refusal else
                            Problem(rec.file, rec.line, f"unknown label '{rec.label}' (known: {', '.join(LABELS)})",
                                    "unknown_label"))
            continue
        data = _split_inline(rec, cls, parsed)
        _drop_computed(rec, cls, data, exported, problems)
        what = f"{cls.LABEL} '{data.get('id', '?')}'"
        node = _validate(cls, data, what, rec.file, rec.line_of, problems)
        node_id = node.id if node else data.get("id")
        if not isinstance(node_id, str):
            continue
        if node_id in nodes:
            first = nodes[node_id][1]
            problems.append(Problem(rec.file, rec.line_of("id"), f"duplicate id '{node_id}' "
                                    f"(first defined in {first.file}:{first.line_of('id')})", "duplicate_id"))
            continue
        nodes[node_id] = (node, rec)
    return nodes


def _check_sources(parsed: ParsedFiles, problems: list[Problem]) -> dict[str, dict]:
    sources: dict[str, dict] = {}
    for rec in parsed.sources:
        src = _validate(Source, rec.data, f"source '{rec.data.get('key', '?')}'", rec.file,
                        lambda k, r=rec: r.key_lines.get(k, r.line), problems)
        if src is None:
            continue
        if src.key in sources:
            problems.append(Problem(rec.file, rec.line, f"duplicate source key '{src.key}'", "duplicate_id"))
            continue
        sources[src.key] = src.model_dump(exclude_none=True)
    return sources


def _default_props(rel) -> dict | None:
    """The properties of a relationship written without any, or None when some are required."""
    try:
        return rel.props().model_dump(exclude_none=True)
    except ValidationError:
        return None


def _check_edges(parsed: ParsedFiles, nodes: dict, problems: list[Problem]) -> list[tuple[str, str, str, dict]]:
    """Edges with known ends of the right labels and valid properties; tuned for millions of rows."""
    label_of = {nid: (node.LABEL if node is not None else rec.label) for nid, (node, rec) in nodes.items()}
    defaults = {name: _default_props(rel) for name, rel in RELATIONSHIPS.items()}
    edges: list[tuple[str, str, str, dict]] = []
    seen: set[tuple[str, str, str]] = set()
    for rec in parsed.edges:
        rel = RELATIONSHIPS.get(rec.type)
        if rel is None:
            refusal = tenant_refusal(str(rec.type))
            problems.append(Problem(rec.file, rec.line, refusal, "tenant_data") if refusal else
                            Problem(rec.file, rec.line, f"unknown relationship type '{rec.type}' "
                                    f"(known: {', '.join(RELATIONSHIPS)})", "unknown_type"))
            continue
        src_label = label_of.get(rec.src) if isinstance(rec.src, str) else None
        dst_label = label_of.get(rec.dst) if isinstance(rec.dst, str) else None
        ok = src_label is not None and dst_label is not None
        if not ok:
            for end, ref, label in (("from", rec.src, src_label), ("to", rec.dst, dst_label)):
                if not isinstance(ref, str):
                    problems.append(Problem(rec.file, rec.line, f"{rec.type}: '{end}' must be a node id, "
                                            f"got {ref!r}", "wrong_type"))
                elif label is None:
                    problems.append(Problem(rec.file, rec.line, f"{rec.type}: unknown id '{ref}'", "unknown_id"))
        elif src_label is None or dst_label is None or not rel.joins(src_label, dst_label):
            problems.append(Problem(rec.file, rec.line, f"{rec.type} cannot join {src_label} '{rec.src}' to "
                                    f"{dst_label} '{rec.dst}': it joins {rel.describe()}", "wrong_label"))
            ok = False
        default = defaults[rec.type]
        if not rec.props and default is not None:
            prop_dict = dict(default)
        else:
            what = f"{rec.type} {rec.src} -> {rec.dst}"
            props = _validate(rel.props, rec.props, what, rec.file, lambda _k, r=rec: r.line, problems)
            if props is None:
                continue
            prop_dict = {k: v for k, v in props.model_dump(exclude_none=True).items() if v != ""}
        if not ok:
            continue
        ident = (rec.src, rec.dst, rec.type)
        if ident in seen:
            first = next(r for r in parsed.edges if (r.src, r.dst, r.type) == (rec.src, rec.dst, rec.type))
            problems.append(Problem(rec.file, rec.line, f"duplicate relationship {rec.type} {rec.src} -> {rec.dst} "
                                    f"(first in {first.file}:{first.line})", "duplicate_relationship"))
            continue
        seen.add(ident)
        edges.append((rec.src, rec.dst, rec.type, prop_dict))
    return edges


def _check_level_basis(node, rec: NodeRecord, sources: dict, problems: list[Problem]) -> None:
    """A level said to rest on a published distribution cites one: a source with evidence `statistics` (the CESI
    self-diagnosis reports, for example); otherwise the level is the curators' judgement and must say so."""
    if getattr(node, "level_basis", None) != "distribution":
        return
    cited = cited_keys({"source": node.source, "sources": node.sources})
    if not any((sources.get(k) or {}).get("evidence") == "statistics" for k in cited):
        problems.append(Problem(rec.file, rec.line_of("level_basis"), f"Scenario '{node.id}': level_basis "
                                "'distribution' needs a cited source with evidence 'statistics' (a published "
                                "distribution of plants); without one the level is 'judgement'", "level_basis"))


def _check_source_keys(nodes: dict, edges_recs: list[EdgeRecord], sources: dict, problems: list[Problem]) -> None:
    for node, rec in nodes.values():
        if node is None:
            continue
        _check_level_basis(node, rec, sources, problems)
        for key in sorted(cited_keys({"source": node.source, "sources": getattr(node, "sources", None)})):
            if key not in sources:
                field = "source" if key == node.source else "sources"
                problems.append(Problem(rec.file, rec.line_of(field), f"{node.LABEL} '{node.id}': unknown source "
                                        f"key '{key}' (not in sources.yaml)", "unknown_source"))
        extra = getattr(node, "sources", None) or []
        if node.source in extra or len(set(extra)) < len(extra):
            problems.append(Problem(rec.file, rec.line_of("sources"), f"{node.LABEL} '{node.id}': a source key is "
                                    "cited twice (source and sources)", "duplicate_source"))
    for rec in edges_recs:
        cited = rec.props.get("source")
        if isinstance(cited, str) and cited not in sources:
            problems.append(Problem(rec.file, rec.line, f"{rec.type} {rec.src} -> {rec.dst}: unknown source key "
                                    f"'{cited}' (not in sources.yaml)", "unknown_source"))


def _check_cycles(edges: list[tuple[str, str, str, dict]], parsed: ParsedFiles, problems: list[Problem]) -> None:
    """Prerequisites and KPI contributions are walked transitively, so a loop in either is an error."""
    for rel in ACYCLIC_RELATIONSHIPS:
        deps = nx.DiGraph((u, v) for u, v, t, _ in edges if t == rel)
        where = {(r.src, r.dst): r for r in parsed.edges if r.type == rel}
        for component in nx.strongly_connected_components(deps):
            if len(component) == 1 and not any(deps.has_edge(n, n) for n in component):
                continue
            cycle = nx.find_cycle(deps.subgraph(component))
            start = min(range(len(cycle)), key=lambda i: cycle[i][0])  # stable: start at the smallest id
            cycle = cycle[start:] + cycle[:start]
            rec = where[cycle[0]]
            path = " -> ".join([u for u, _ in cycle] + [cycle[0][0]])
            problems.append(Problem(rec.file, rec.line, f"{rel} cycle: {path}", "cycle"))


def _check_required_links(nodes: dict, parsed: ParsedFiles, problems: list[Problem]) -> None:
    """Every scenario needs a place in the matrix: at least one AT and one IN_DOMAIN (written, even if wrong,
    so that one mistake is reported once)."""
    have = {(rec.src, rec.type) for rec in parsed.edges if rec.type in ("AT", "IN_DOMAIN")}
    for node, rec in nodes.values():
        if node is not None and node.LABEL == "Scenario":
            for t in ("AT", "IN_DOMAIN"):
                if (node.id, t) not in have:
                    problems.append(Problem(rec.file, rec.line, f"Scenario '{node.id}' has no {t} relationship "
                                            f"(key '{t.lower()}')", "missing_relationship"))


def _check_target_stages(nodes: dict, problems: list[Problem]) -> None:
    """A target's `stages` name stages of the graph (a typo would make a roadmap step claim it nowhere)."""
    stages = {n.id for n, _ in nodes.values() if n is not None and n.LABEL == "Stage"}
    for node, rec in nodes.values():
        if node is not None and node.LABEL == "Target":
            for stage in node.stages or ():
                if stage not in stages:
                    problems.append(Problem(rec.file, rec.line_of("stages"), f"Target '{node.id}': stages names "
                                            f"'{stage}', which is not a stage", "unknown_id"))


def _check_texts(parsed: ParsedFiles, problems: list[Problem]) -> None:
    """Names and texts hold nothing an export format cannot carry (see scenegraph.base.texts), within the lengths."""
    for rec in parsed.nodes:
        for message in walk_text_problems(rec.data):
            problems.append(Problem(rec.file, rec.line, f"{rec.label} '{rec.data.get('id', '?')}': {message}",
                                    "text"))
    for src in parsed.sources:
        for message in walk_text_problems(src.data):
            problems.append(Problem(src.file, src.line, f"source '{src.data.get('key', '?')}': {message}", "text"))
    for edge in parsed.edges:  # ends are ids, checked against the nodes; only string properties need a look
        for key, value in edge.props.items():
            found: str | None
            if type(value) is str:
                found = text_problem(key, value)
            elif isinstance(value, dict | list):
                found = "; ".join(walk_text_problems(value, key)) or None
            else:
                continue
            if found:
                problems.append(Problem(edge.file, edge.line, f"{edge.type} {edge.src!r} -> {edge.dst!r}: {found}",
                                        "text"))


def _with_grade(row: dict, sources: dict[str, dict]) -> dict:
    """A scenario row with its evidence grade, the best its cited sources give (schema.EVIDENCE_KINDS)."""
    if row["label"] == "Scenario":
        row["evidence_grade"] = evidence_grade(sources.get(k) for k in cited_keys(row))
    return row


def check_parsed(parsed: ParsedFiles, require_links: bool = True, exported: bool = False) -> Validated:
    """Every check of the data files. `require_links=False` is for imported subgraphs, which may leave out a
    scenario's stage or domain on purpose; `exported=True` for an export, whose computed properties (the
    evidence grade) are computed again rather than refused."""
    problems = parsed.problems
    _check_texts(parsed, problems)
    sources = _check_sources(parsed, problems)
    nodes = _check_nodes(parsed, problems, exported)  # also turns inline relationship keys into edge records
    edges = _check_edges(parsed, nodes, problems)
    _check_source_keys(nodes, parsed.edges, sources, problems)
    _check_cycles(edges, parsed, problems)
    if require_links:
        _check_required_links(nodes, parsed, problems)
        _check_target_stages(nodes, problems)
    # an empty optional text or list is none: dropped like None, so every export (CSV cells cannot tell "" or []
    # from absent) and every store (neo4j-admin import leaves an empty array out) gives back exactly what was
    # validated, with no fix-up pass after a bulk import
    node_rows = [
        _with_grade({"label": node.LABEL, **{k: v for k, v in node.model_dump(exclude_none=True).items()
                                             if v != "" and v != []}}, sources)
        for node, _ in nodes.values() if node is not None
    ]
    return Validated(node_rows, edges, sources, ordered(problems))


def check_dir(data_dir: str | Path | None = None) -> Validated:
    """Parse and check a data directory (the shipped data by default) without building the graph."""
    path = Path(data_dir) if data_dir else default_data_dir()
    started = time.perf_counter()
    with gc_paused():
        checked = check_parsed(parse_dir(path, _label_file_map()))
    meta = read_meta(path)
    checked.release = meta.release.model_dump(exclude_none=True) if meta.release else None
    checked.hosts = [h.model_dump(exclude_none=True) for h in meta.hosts]
    if meta.problems:
        checked.problems = ordered([*checked.problems, *meta.problems])
    log.info("checked %s: %d nodes, %d relationships, %d sources, %d problem(s) in %.2f s", path, len(checked.nodes),
             len(checked.edges), len(checked.sources), len(checked.problems), time.perf_counter() - started)
    return checked


def _label_file_map() -> dict[str, str]:
    return {stem: cls.LABEL for stem, cls in LABEL_FILES.items()}


def load_graph(data_dir: str | Path | None = None) -> ScenarioGraph:
    """The validated graph of a data directory; raises DataError listing every problem."""
    checked = check_dir(data_dir)
    if checked.problems:
        raise DataError(checked.problems)
    started = time.perf_counter()
    with gc_paused():
        graph = ScenarioGraph.from_rows(checked.nodes, checked.edges, checked.sources, checked.release)
    log.info("loaded the graph of %s (release %s) in %.2f s", data_dir or "the shipped data",
             (checked.release or {}).get("version", "none"), time.perf_counter() - started)
    return graph
