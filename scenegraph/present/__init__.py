"""The presentation layer's documents: HTML pages rendered from Jinja2 templates with autoescape (never
f-strings with hand escaping), so what scoring or queries compute is escaped wherever it is shown."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

__all__ = ["render"]


@cache
def _env() -> Environment:
    return Environment(loader=PackageLoader("scenegraph.present", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context) -> str:
    """A template of scenegraph/present/templates rendered with `context` (every value escaped)."""
    return _env().get_template(template).render(**context)
