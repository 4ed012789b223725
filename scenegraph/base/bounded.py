"""Bounded reading of everything that enters (data files, imports, uploads, assessment files).

Every input is checked against `LIMITS` before or while it is parsed, so a hostile file (a YAML alias bomb, a zip
bomb, JSON nested 100,000 deep, a symlink loop) ends in one clear InputRejected naming the limit, never in
minutes of work, a MemoryError or a RecursionError.
"""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import zipfile
from pathlib import Path
from typing import Any

import yaml

from scenegraph.base.errors import InputRejected
from scenegraph.base.limits import LIMITS

__all__ = ["Rejected", "check_count", "check_depth", "check_yaml_events", "decode_text", "file_problem",
           "limit", "load_json", "read_bytes", "read_zip"]

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Rejected(InputRejected):
    """An input refused by a bound or as unreadable; `line` (1-based, 0 = whole file) says where when known."""

    def __init__(self, message: str, line: int = 0, kind: str = "limit"):
        super().__init__(message)
        self.line = line
        self.kind = kind


def limit(name: str) -> str:
    """How a message names a limit: `(limit max_file_bytes = 67,108,864)`."""
    return f"(limit {name} = {getattr(LIMITS, name):,})"


def file_problem(path: Path, size_limit: str = "max_file_bytes") -> str | None:
    """Why `path` cannot be read as an input file, or None: a dangling or looping symlink, a directory, something
    other than a regular file, or a file over the size limit."""
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return f"dangling symbolic link (it points to {os.readlink(path)}, which does not exist)"
        return "no such file"
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symbolic link loop (the link points back to itself)"
        return f"cannot be read: {e.strerror}"
    if stat.S_ISDIR(st.st_mode):
        return "is a directory, not a file"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file"
    if st.st_size > getattr(LIMITS, size_limit):
        return f"file is {st.st_size:,} bytes, over the size limit {limit(size_limit)}"
    return None


def read_bytes(path: str | Path, size_limit: str = "max_file_bytes") -> bytes:
    """The bytes of a file, refused before reading when it is not a readable regular file within the limit."""
    path = Path(path)
    problem = file_problem(path, size_limit)
    if problem:
        raise Rejected(f"{path}: {problem}", kind="unreadable")
    cap = getattr(LIMITS, size_limit)
    try:
        with path.open("rb") as fh:
            data = fh.read(cap + 1)
    except OSError as e:
        raise Rejected(f"{path}: cannot be read: {e.strerror}", kind="unreadable") from None
    if len(data) > cap:  # grew while we looked
        raise Rejected(f"{path}: file is over the size limit {limit(size_limit)}")
    return data


def decode_text(data: bytes, what: str) -> str:
    """UTF-8 text (a leading BOM is dropped); a bad byte is reported with its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise Rejected(f"{what}: not UTF-8 text: byte 0x{data[e.start]:02x} at line {line} ({e.reason})", line,
                       "encoding") from None


def check_count(n: int, name: str, what: str) -> None:
    if n > getattr(LIMITS, name):
        raise Rejected(f"{what}: more than {getattr(LIMITS, name):,} {limit(name)}")


def check_yaml_events(text: str, what: str) -> None:
    """Refuse YAML aliases (a few lines of nested aliases expand to gigabytes) and nesting deeper than the limit,
    from the parser's event stream: linear in the text, before any object is built."""
    depth = 0
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 1 if event.start_mark else 0
            raise Rejected(f"{what}: YAML aliases (*{event.anchor}) are not allowed in input files: they can expand "
                           "a few lines into gigabytes; write the value out", line, "yaml_alias")
        if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            depth += 1
            if depth > LIMITS.max_nesting_depth:
                line = event.start_mark.line + 1 if event.start_mark else 0
                raise Rejected(f"{what}: nested deeper than {LIMITS.max_nesting_depth} levels "
                               f"{limit('max_nesting_depth')}", line, "depth")
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            depth -= 1


def check_depth(doc: Any, what: str) -> None:
    """Refuse a parsed document nested deeper than the limit (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > LIMITS.max_nesting_depth:
                raise Rejected(f"{what}: nested deeper than {LIMITS.max_nesting_depth} levels "
                               f"{limit('max_nesting_depth')}", kind="depth")
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))


def load_json(text: str | bytes, what: str) -> Any:
    """json.loads with the nesting bound; syntax errors stay json.JSONDecodeError for the caller to word."""
    try:
        doc = json.loads(text)
    except RecursionError:
        raise Rejected(f"{what}: nested deeper than {LIMITS.max_nesting_depth} levels "
                       f"{limit('max_nesting_depth')}", kind="depth") from None
    check_depth(doc, what)
    return doc


def read_zip(source: str | Path | bytes, what: str, names: tuple[str, ...]) -> dict[str, bytes]:
    """The named members of a zip archive (those present), refused when the archive has too many entries or
    declares too many uncompressed bytes in all, or a member is over the file size limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as z:
            infos = z.infolist()
            if len(infos) > LIMITS.max_archive_entries:
                raise Rejected(f"{what}: {len(infos):,} entries in the archive, over the limit "
                               f"{limit('max_archive_entries')}")
            total = sum(i.file_size for i in infos)
            if total > LIMITS.max_archive_uncompressed_bytes:
                raise Rejected(f"{what}: the archive expands to {total:,} bytes, over the limit "
                               f"{limit('max_archive_uncompressed_bytes')}")
            out: dict[str, bytes] = {}
            present = {i.filename: i for i in infos}
            for name in names:
                info = present.get(name)
                if info is None:
                    continue
                if info.file_size > LIMITS.max_file_bytes:
                    raise Rejected(f"{what}: {name} expands to {info.file_size:,} bytes, over the size limit "
                                   f"{limit('max_file_bytes')}")
                with z.open(info) as fh:  # reads at most the declared size
                    out[name] = fh.read(LIMITS.max_file_bytes + 1)
            return out
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as e:
        raise Rejected(f"{what}: not a readable zip archive ({e})", kind="syntax") from None
