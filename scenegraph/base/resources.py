"""Where the shipped data/ and cypher/ live: beside the package in a checkout, inside it in a wheel."""

from __future__ import annotations

from pathlib import Path

__all__ = ["cypher_dir", "data_dir", "tools_dir"]

_PKG = Path(__file__).resolve().parents[1]  # scenegraph/, this file being scenegraph/base/resources.py


def _resource(name: str) -> Path:
    installed = _PKG / "_resources" / name
    return installed if installed.is_dir() else _PKG.parent / name


def data_dir() -> Path:
    return _resource("data")


def cypher_dir() -> Path:
    return _resource("cypher")


def tools_dir() -> Path:
    """tools/ of a source checkout (the local Neo4j harness); absent in a wheel."""
    return _PKG.parent / "tools"
