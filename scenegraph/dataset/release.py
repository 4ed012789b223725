"""What a data directory says about itself: its release (version and date, shown in the app and carried by every
export) and the hosts that are never a URL of record (reposts, content farms), which `validate --strict` checks
source URLs against. Both are YAML files beside the data (`release.yaml`, `non_authoritative_hosts.yaml`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from scenegraph.base.bounded import Rejected, decode_text, file_problem, read_bytes
from scenegraph.dataset.problems import Problem
from scenegraph.dataset.records import LineDict, parse_yaml

__all__ = ["HostEntry", "Meta", "Release", "listed_host", "read_meta"]

RELEASE_FILE = "release.yaml"
HOSTS_FILE = "non_authoritative_hosts.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Release(_Strict):
    """A published state of the graph. The version follows semantic versioning for data: major when the schema
    changes, minor when content is added or corrected, patch for wording."""

    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    date: Annotated[str, StringConstraints(pattern=r"^(19|20|21)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")]
    previous: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")] | None = None
    note: str | None = None


class HostEntry(_Strict):
    host: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$",
                                           max_length=253, to_lower=True)]
    why: str | None = None


@dataclass
class Meta:
    release: Release | None = None
    hosts: list[HostEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _read(path: Path, problems: list[Problem]):
    if not path.exists() and not path.is_symlink():
        return None
    problem = file_problem(path)
    if problem:
        problems.append(Problem(path.name, 0, problem, "unreadable"))
        return None
    try:
        text = decode_text(read_bytes(path), path.name)
    except Rejected as e:
        problems.append(Problem(path.name, e.line, str(e).split(": ", 1)[-1], e.kind))
        return None
    return parse_yaml(text, path.name, [])  # syntax problems are already reported by parse_dir


def _invalid(e: ValidationError, file: str, line: int, problems: list[Problem]) -> None:
    for err in e.errors():
        loc = ".".join(str(p) for p in err["loc"])
        problems.append(Problem(file, line, f"'{loc}': {err['msg']}", "invalid"))


def read_meta(data_dir: str | Path) -> Meta:
    """The release and the non-authoritative hosts of a data directory (each optional), with their problems."""
    data_dir = Path(data_dir)
    meta = Meta()
    doc = _read(data_dir / RELEASE_FILE, meta.problems)
    if doc is not None:
        if isinstance(doc, dict):
            try:
                meta.release = Release.model_validate(dict(doc))
            except ValidationError as e:
                _invalid(e, RELEASE_FILE, getattr(doc, "line", 1), meta.problems)
        else:
            meta.problems.append(Problem(RELEASE_FILE, 1, "expected a mapping: version, date", "wrong_type"))
    doc = _read(data_dir / HOSTS_FILE, meta.problems)
    if doc is not None:
        if not isinstance(doc, list):
            meta.problems.append(Problem(HOSTS_FILE, 1, "expected a list of {host, why}", "wrong_type"))
            doc = []
        for item in doc:
            line = item.line if isinstance(item, LineDict) else 0
            try:
                meta.hosts.append(HostEntry.model_validate(dict(item) if isinstance(item, dict) else item))
            except ValidationError as e:
                _invalid(e, HOSTS_FILE, line, meta.problems)
    return meta


def listed_host(url: str, hosts: list[HostEntry]) -> str | None:
    """The listed host `url` is on (the host itself or a subdomain of it), or None."""
    try:
        name = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    for entry in hosts:
        if name == entry.host or name.endswith("." + entry.host):
            return entry.host
    return None
