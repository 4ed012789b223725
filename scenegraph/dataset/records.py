"""Parse data files into raw records that remember their file and line.

Two formats go through the same validation: YAML for people (one file per label, relationships inline
or in relationships.yaml) and JSON Lines for bulk and synthetic graphs (nodes.jsonl, relationships.jsonl).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scenegraph.base.bounded import Rejected, check_yaml_events, decode_text, file_problem, read_bytes
from scenegraph.base.limits import LIMITS
from scenegraph.dataset.problems import Problem
from scenegraph.graph.schema import tenant_refusal

__all__ = ["EdgeRecord", "META_FILES", "NodeRecord", "ParsedFiles", "SourceRecord", "parse_dir", "write_jsonl"]

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping that knows the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    duplicate_keys: list[tuple[str, int]]


def _construct_map(loader: _LineLoader, node: yaml.MappingNode):
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if isinstance(key, str):
            data.key_lines[key] = key_node.start_mark.line + 1
        if key in seen:
            loader.duplicate_keys.append((str(key), key_node.start_mark.line + 1))
        seen.add(key)
    data.update(loader.construct_mapping(node, deep=True))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)


@dataclass(slots=True)
class NodeRecord:
    file: str
    line: int
    label: str | None
    data: dict
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


@dataclass(slots=True)
class EdgeRecord:
    file: str
    line: int
    type: str
    src: Any
    dst: Any
    props: dict


@dataclass(slots=True)
class SourceRecord:
    file: str
    line: int
    data: dict
    key_lines: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class ParsedFiles:
    nodes: list[NodeRecord] = field(default_factory=list)
    edges: list[EdgeRecord] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse_yaml(text: str, file: str, problems: list[Problem]) -> Any:
    """YAML text to Python objects whose mappings are LineDicts; syntax errors, aliases and too deep nesting
    become problems (checked on the event stream first, so an alias bomb is never expanded)."""
    try:
        check_yaml_events(text, file)
    except Rejected as e:
        problems.append(Problem(file, e.line, str(e).removeprefix(f"{file}: "), e.kind))
        return None
    except yaml.YAMLError:
        pass  # reported with its line by the loader below
    loader = _LineLoader(text)
    loader.duplicate_keys = []
    try:
        doc = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 0
        problems.append(Problem(file, line, f"YAML syntax error: {e.problem or e}", "yaml_syntax"))
        return None
    except yaml.YAMLError as e:
        problems.append(Problem(file, 0, f"YAML error: {e}", "yaml_syntax"))
        return None
    finally:
        loader.dispose()
    for key, line in loader.duplicate_keys:
        problems.append(Problem(file, line, f"duplicate key '{key}' in one mapping", "duplicate_key"))
    if doc is None:
        problems.append(Problem(file, 1, "file is empty", "empty_file"))
    return doc


def _as_list(doc: Any, file: str, what: str, problems: list[Problem]) -> list:
    if doc is None:
        return []
    if not isinstance(doc, list):
        problems.append(Problem(file, 1, f"expected a list of {what} at the top level", "wrong_type"))
        return []
    if not doc:
        problems.append(Problem(file, 1, "file is empty (an empty list)", "empty_file"))
    good = []
    for item in doc:
        if isinstance(item, LineDict):
            good.append(item)
        else:
            problems.append(Problem(file, 0, f"expected each entry to be a mapping, got {item!r}", "wrong_type"))
    return good


def _yaml_node_file(doc: Any, file: str, label: str, out: ParsedFiles) -> None:
    for item in _as_list(doc, file, f"{label} nodes", out.problems):
        out.nodes.append(NodeRecord(file, item.line, label, dict(item), item.key_lines))


def _yaml_sources_file(doc: Any, file: str, out: ParsedFiles) -> None:
    for item in _as_list(doc, file, "sources", out.problems):
        out.sources.append(SourceRecord(file, item.line, dict(item), item.key_lines))


def _edge_from_row(row: dict, file: str, line: int, type_: str | None, out: ParsedFiles) -> None:
    """Consumes `row` (pops its keys): pass a dict the caller no longer needs."""
    type_ = type_ if type_ is not None else row.pop("type", None)
    missing = [k for k in ("from", "to") if k not in row] + ([] if type_ else ["type"])
    if missing:
        out.problems.append(
            Problem(file, line, f"relationship is missing {', '.join(repr(m) for m in missing)}", "missing_field")
        )
        return
    src, dst = row.pop("from"), row.pop("to")
    out.edges.append(EdgeRecord(file, line, str(type_), src, dst, row))


def _yaml_relationships_file(doc: Any, file: str, out: ParsedFiles) -> None:
    if doc is None:
        return
    if not isinstance(doc, LineDict):
        out.problems.append(
            Problem(file, 1, "expected a mapping of relationship type to a list of {from, to}", "wrong_type")
        )
        return
    for type_, rows in doc.items():
        line = doc.key_lines.get(type_, doc.line)
        if not isinstance(rows, list):
            out.problems.append(Problem(file, line, f"{type_}: expected a list of {{from, to}}", "wrong_type"))
            continue
        for row in rows:
            if isinstance(row, LineDict):
                _edge_from_row(dict(row), file, row.line, str(type_), out)
            else:
                out.problems.append(Problem(file, line, f"{type_}: expected a mapping, got {row!r}", "wrong_type"))


def _jsonl_rows(path: Path, file: str, out: ParsedFiles):
    """Rows of a JSON Lines file, each line decoded and parsed on its own (a bad line is one problem with its
    line number); more than LIMITS.max_rows rows is refused."""
    empty = True
    with path.open("rb") as fh:
        for n, raw_bytes in enumerate(fh, start=1):
            if n > LIMITS.max_rows:
                out.problems.append(Problem(file, n, f"more than {LIMITS.max_rows:,} rows "
                                            f"(limit max_rows = {LIMITS.max_rows:,})", "limit"))
                return
            try:
                raw = raw_bytes.decode("utf-8")
            except UnicodeDecodeError as e:
                out.problems.append(Problem(file, n, f"not UTF-8 text: {e.reason}", "encoding"))
                continue
            if not raw.strip():
                continue
            empty = False
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as e:
                out.problems.append(Problem(file, n, f"JSON syntax error: {e.msg} (column {e.colno})", "json_syntax"))
                continue
            except RecursionError:
                out.problems.append(Problem(file, n, f"nested deeper than {LIMITS.max_nesting_depth} levels "
                                            f"(limit max_nesting_depth = {LIMITS.max_nesting_depth})", "depth"))
                continue
            if not isinstance(row, dict):
                out.problems.append(Problem(file, n, "expected a JSON object on each line", "wrong_type"))
                continue
            yield n, row
    if empty:
        out.problems.append(Problem(file, 1, "file is empty", "empty_file"))


def _jsonl_nodes_file(path: Path, file: str, out: ParsedFiles) -> None:
    for n, row in _jsonl_rows(path, file, out):
        label = row.pop("label", None)
        if label is None:
            out.problems.append(Problem(file, n, "node is missing 'label'", "missing_field"))
            continue
        out.nodes.append(NodeRecord(file, n, str(label), row))


def _jsonl_relationships_file(path: Path, file: str, out: ParsedFiles) -> None:
    for n, row in _jsonl_rows(path, file, out):
        _edge_from_row(row, file, n, None, out)


#: YAML files of a data directory that describe the graph rather than hold it (checked for syntax here, read by
#: scenegraph.dataset.release): the release's version and date, and the hosts that are never a URL of record
META_FILES = frozenset({"release", "non_authoritative_hosts"})


def parse_dir(data_dir: Path, label_files: dict[str, str]) -> ParsedFiles:
    """Every data file of a directory as raw records. `label_files` maps a YAML file stem to its label."""
    out = ParsedFiles()
    if not data_dir.is_dir():
        out.problems.append(Problem(str(data_dir), 0, "not a directory", "missing_dir"))
        return out
    # every entry named like a data file, whatever it is: a directory or a broken link there is a problem to
    # report first, not a file to skip silently
    files = sorted(p for p in data_dir.iterdir() if p.suffix in (".yaml", ".yml", ".jsonl"))
    if not files:
        out.problems.append(Problem(str(data_dir), 0, "no data files (*.yaml, *.jsonl) found", "missing_dir"))
    for path in files:
        file = path.name
        problem = file_problem(path)
        if problem:
            out.problems.append(Problem(file, 0, problem, "unreadable"))
            continue
        if path.suffix == ".jsonl":
            if path.stem == "nodes":
                _jsonl_nodes_file(path, file, out)
            elif path.stem == "relationships":
                _jsonl_relationships_file(path, file, out)
            else:
                out.problems.append(
                    Problem(file, 0, "unknown data file: JSON Lines files are nodes.jsonl and relationships.jsonl",
                            "unknown_file")
                )
            continue
        try:
            text = decode_text(read_bytes(path), file)
        except Rejected as e:
            out.problems.append(Problem(file, e.line, str(e).split(": ", 1)[-1], e.kind))
            continue
        doc = parse_yaml(text, file, out.problems)
        if path.stem in META_FILES:
            continue  # about the graph, not in it: read by scenegraph.dataset.release
        if path.stem == "sources":
            _yaml_sources_file(doc, file, out)
        elif path.stem == "relationships":
            _yaml_relationships_file(doc, file, out)
        elif path.stem in label_files:
            _yaml_node_file(doc, file, label_files[path.stem], out)
        elif refusal := tenant_refusal(path.stem):
            out.problems.append(Problem(file, 0, refusal, "tenant_data"))
        else:
            known = ", ".join(sorted([*label_files, "sources", "relationships", *META_FILES]))
            out.problems.append(Problem(file, 0, f"unknown data file; YAML files are named after a label: {known}",
                                        "unknown_file"))
    return out


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):  # datetimes
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_jsonl(path: Path, rows: Iterable[dict], progress: Callable[[int], None] | None = None) -> int:
    """Rows as JSON Lines (the bulk format parse_dir reads); returns how many were written."""
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, default=_json_default))
            fh.write("\n")
            n += 1
            if progress and n % 50_000 == 0:
                progress(n)
    return n
