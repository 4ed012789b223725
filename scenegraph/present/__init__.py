"""The presentation layer's documents: HTML pages rendered from Jinja2 templates with autoescape (never
f-strings with hand escaping), so what scoring or queries compute is escaped wherever it is shown."""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from scenegraph.base.i18n import t

__all__ = ["release_line", "release_stem", "render"]


@cache
def _env() -> Environment:
    return Environment(loader=PackageLoader("scenegraph.present", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def release_line(release: dict | None, lang: str) -> str:
    """The graph release a document was made from, in words ("Graph release 2.0.0 (2026-11-25)"); '' if unknown."""
    if not release:
        return ""
    return t("data_release", lang).format(version=release.get("version", "?"), date=release.get("date", "?"))


def release_stem(stem: str, release: dict | None) -> str:
    """A download's file name (without its suffix) naming the graph release: `lens-tgt_x` -> `lens-tgt_x-release-2.0.0`
    (only letters, digits, dots and hyphens of the version, so the name stays a plain file name)."""
    version = re.sub(r"[^0-9A-Za-z.-]", "", str((release or {}).get("version") or ""))[:32].strip(".")
    return f"{stem}-release-{version}" if version else stem


def render(template: str, **context) -> str:
    """A template of scenegraph/present/templates rendered with `context` (every value escaped)."""
    return _env().get_template(template).render(**context)
