from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scenegraph.data import load_graph
from scenegraph.graph import ScenarioGraph

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def small() -> ScenarioGraph:
    """A hand-made graph small enough that every query answer is computed by hand in the tests."""
    return load_graph(FIXTURES / "small")


@pytest.fixture(scope="session")
def shipped() -> ScenarioGraph:
    return load_graph()


@pytest.fixture
def small_copy(tmp_path: Path) -> Path:
    """A writable copy of the small fixture, for breaking files on purpose."""
    dst = tmp_path / "data"
    shutil.copytree(FIXTURES / "small", dst)
    return dst
