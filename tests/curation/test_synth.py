"""Synthetic graphs: schema-valid at any size, the same for the same seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenegraph.base.errors import InvalidRequest
from scenegraph.curation.synth import SynthSpec, write_synth
from scenegraph.dataset.loader import check_dir, load_graph


@pytest.mark.parametrize("fmt", ["jsonl", "yaml"])
def test_synth_output_validates(tmp_path: Path, fmt: str):
    counts = write_synth(SynthSpec(scenarios=300, seed=7), tmp_path, fmt=fmt)
    checked = check_dir(tmp_path)
    assert checked.problems == []
    assert len(checked.nodes) == counts["nodes"]
    assert len(checked.edges) == counts["relationships"]


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path):
    spec = SynthSpec(scenarios=200, seed=3)
    write_synth(spec, tmp_path / "a")
    write_synth(spec, tmp_path / "b")
    write_synth(SynthSpec(scenarios=200, seed=4), tmp_path / "c")
    read = lambda d: (d / "relationships.jsonl").read_bytes()  # noqa: E731
    assert read(tmp_path / "a") == read(tmp_path / "b")
    assert read(tmp_path / "a") != read(tmp_path / "c")


def test_size_follows_the_spec(tmp_path: Path):
    write_synth(SynthSpec(scenarios=1000, seed=1), tmp_path)
    g = load_graph(tmp_path)
    stats = g.stats()
    assert stats.nodes_by_label["Scenario"] == 1000
    assert "Enterprise" not in stats.nodes_by_label and "ASSESSED" not in stats.relationships_by_type  # tenant data
    assert 9 * 1000 < stats.relationships - 1000 < 12 * 1000
    # queries work on it: every scenario sits in the matrix, prerequisites come out in order
    assert sum(len(v) for v in g.matrix().cells.values()) >= 1000
    some = g.ids("Scenario")[-1]
    order = g.prerequisites(some)
    for i, sc in enumerate(order):
        assert set(g.out_ids(sc, "DEPENDS_ON")) <= set(order[:i])


def test_bad_spec_is_refused():
    with pytest.raises(InvalidRequest):
        SynthSpec(scenarios=0)
