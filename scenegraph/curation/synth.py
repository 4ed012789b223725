"""Synthetic, schema-valid scenario graphs of any size, the same for the same seed: for benchmarks and
scale tests. Rows are generated lazily so a graph of millions of relationships never sits in memory whole."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from scenegraph.assess.model import Assessment
from scenegraph.base.errors import InvalidRequest
from scenegraph.dataset.records import write_jsonl
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import AI_CATEGORIES, LABELS, MODEL_TYPES

__all__ = ["SynthSpec", "synth_histories", "synth_nodes", "synth_relationships", "write_histories", "write_synth"]

log = logging.getLogger(__name__)

_SEGMENTS = ("upstream", "midstream", "downstream", "recycling", "cross_cutting")


@dataclass(frozen=True)
class SynthSpec:
    """Sizes of a synthetic graph. Relationships come to about 9.8 per scenario and 23 per factory (one factory
    per 100 scenarios). Enterprises and their saves are tenant data, never in the graph: see synth_histories."""

    scenarios: int
    seed: int = 0
    stages: int = 12
    processes_per_stage: int = 4

    def __post_init__(self) -> None:
        if self.scenarios < 1:
            raise InvalidRequest("need at least one scenario")

    @property
    def counts(self) -> dict[str, int]:
        n = self.scenarios
        return {
            "Stage": self.stages,
            "Domain": 13,
            "ReferenceScenario": 40,
            "AIModel": 12,
            "Technology": max(20, n // 50),
            "KPI": max(30, n // 20),
            "Target": 8,
            "Requirement": 12,
            "Factory": max(1, n // 100),
        }


def _ids(prefix: str, count: int) -> list[str]:
    width = max(2, len(str(count - 1)))
    return [f"{prefix}{i:0{width}d}" for i in range(count)]


def _node(label: str, node_id: str, i: int, **props) -> dict:
    zh = f"{LABELS[label].NAME_ZH}{i}"
    return {"label": label, "id": node_id, "name_zh": zh, "name_en": f"{label} {i}", "illustrative": True, **props}


class _Ids:
    def __init__(self, spec: SynthSpec):
        c = spec.counts
        self.stages = _ids("s", spec.stages)
        self.processes = [f"{s}__p{j}" for s in self.stages for j in range(spec.processes_per_stage)]
        self.domains = _ids("dom_", c["Domain"])
        self.refs = _ids("ref_", c["ReferenceScenario"])
        self.models = _ids("mt_", c["AIModel"])
        self.techs = _ids("en_", c["Technology"])
        self.kpis = _ids("kpi_", c["KPI"])
        self.targets = _ids("tgt_", c["Target"])
        self.reqs = _ids("pr_", c["Requirement"])
        self.factories = _ids("bm_", c["Factory"])
        self.scenarios = _ids("sc_", spec.scenarios)


def synth_nodes(spec: SynthSpec) -> Iterator[dict]:
    ids = _Ids(spec)
    rng = random.Random(f"{spec.seed}:nodes")
    categories = list(AI_CATEGORIES)
    for i, s in enumerate(ids.stages):
        yield _node("Stage", s, i, order=i, segment=_SEGMENTS[i % len(_SEGMENTS)])
    for i, p in enumerate(ids.processes):
        yield _node("Process", p, i)
    for i, d in enumerate(ids.domains):
        yield _node("Domain", d, i, order=i, group="miit" if i < 8 else "aluminium")
    for i, r in enumerate(ids.refs):
        yield _node("ReferenceScenario", r, i)
    for i, m in enumerate(ids.models):
        yield _node("AIModel", m, i, model_type=MODEL_TYPES[i % len(MODEL_TYPES)], categories=[categories[i % 4]])
    for i, t in enumerate(ids.techs):
        yield _node("Technology", t, i)
    for i, k in enumerate(ids.kpis):
        yield _node("KPI", k, i, unit="%", direction=rng.choice(("lower", "higher")))
    for i, t in enumerate(ids.targets):
        yield _node("Target", t, i, year=2027, comparator=">=", value=float(10 + i), unit="%")
    for i, r in enumerate(ids.reqs):
        yield _node("Requirement", r, i)
    for i, s in enumerate(ids.scenarios):
        yield _node("Scenario", s, i, level=rng.randint(1, 5), importance=rng.randint(1, 5),
                    description_en=f"Synthetic scenario {i} for scale tests.")
    for i, f in enumerate(ids.factories):
        yield _node("Factory", f, i, region=f"Region {i % 7}")


def synth_relationships(spec: SynthSpec) -> Iterator[dict]:
    ids = _Ids(spec)
    rng = random.Random(f"{spec.seed}:relationships")

    def rel(type_: str, src: str, dst: str, **props) -> dict:
        return {"type": type_, "from": src, "to": dst, **props}

    def some(pool: list[str], lo: int, hi: int) -> list[str]:
        return rng.sample(pool, min(len(pool), rng.randint(lo, hi)))

    for a, b in zip(ids.stages, ids.stages[1:], strict=False):
        yield rel("FEEDS", a, b)
    if len(ids.stages) > 2:
        yield rel("FEEDS", ids.stages[-1], ids.stages[len(ids.stages) // 2])  # the recycling loop
    for p in ids.processes:
        yield rel("PART_OF", p, p.split("__")[0])
    for r in ids.refs:
        yield rel("IN_DOMAIN", r, rng.choice(ids.domains[:8]))
    for k, t in zip(ids.kpis, ids.targets, strict=False):
        yield rel("TRACKS", k, t)
    places = ids.stages + ids.processes
    for i, s in enumerate(ids.scenarios):
        yield rel("AT", s, rng.choice(places))
        for d in some(ids.domains, 1, 1) if rng.random() < 0.7 else some(ids.domains, 2, 2):
            yield rel("IN_DOMAIN", s, d)
        yield rel("INSTANCE_OF", s, rng.choice(ids.refs))
        for m in some(ids.models, 0, 2):
            yield rel("USES_MODEL", s, m)
        for t in some(ids.techs, 1, 3):
            yield rel("REQUIRES", s, t)
        if i:
            for j in sorted(rng.sample(range(max(0, i - 500), i), min(i, rng.randint(0, 2)))):
                yield rel("DEPENDS_ON", s, ids.scenarios[j], strength="hard" if rng.random() < 0.8 else "soft")
        for k in some(ids.kpis, 1, 3):
            yield rel("IMPROVES", s, k)
        if rng.random() < 0.5:
            yield rel("ADDRESSES", s, rng.choice(ids.reqs))
    for f in ids.factories:
        for st in some(ids.stages, 3, 3):
            yield rel("OPERATES", f, st)
        for s in some(ids.scenarios, 20, 20):
            yield rel("IMPLEMENTS", f, s, level=rng.randint(1, 5), illustrative=True)


_SOURCES = [{"key": "synthetic", "title": "scenegraph synth: generated test data", "kind": "dataset"}]


def write_synth(spec: SynthSpec, out: str | Path, fmt: str = "jsonl",
                progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write a synthetic graph in the data/ format (`jsonl` bulk files, or `yaml` per-label files)."""
    out = Path(out)
    log.info("writing a synthetic graph of %d scenarios (seed %d) to %s as %s", spec.scenarios, spec.seed, out, fmt)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sources.yaml").write_text(yaml.safe_dump(_SOURCES, allow_unicode=True), encoding="utf-8")
    if fmt == "jsonl":
        nodes = write_jsonl(out / "nodes.jsonl", synth_nodes(spec), None)
        rels = write_jsonl(out / "relationships.jsonl", synth_relationships(spec), progress)
        return {"nodes": nodes, "relationships": rels}
    if fmt != "yaml":
        raise InvalidRequest(f"unknown format '{fmt}' (jsonl or yaml)")
    by_label: dict[str, list[dict]] = {}
    for row in synth_nodes(spec):
        label = row.pop("label")
        by_label.setdefault(label, []).append(row)
    by_type: dict[str, list[dict]] = {}
    for row in synth_relationships(spec):
        by_type.setdefault(row.pop("type"), []).append(row)
    for label, rows in by_label.items():
        (out / f"{LABELS[label].FILE}.yaml").write_text(
            yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (out / "relationships.yaml").write_text(
        yaml.safe_dump(by_type, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return {"nodes": sum(map(len, by_label.values())), "relationships": sum(map(len, by_type.values()))}


# ---------------------------------------------------------------- enterprise histories (dated saves)

#: provinces where the chain runs, as synthetic regions (no enterprise here is real)
_REGIONS = ("山东", "新疆", "内蒙古", "云南", "广西", "河南", "贵州", "山西", "甘肃", "青海")
_HISTORY_START = datetime(2023, 6, 1, tzinfo=UTC)


def synth_histories(graph: ScenarioGraph, enterprises: int, saves: int = 3, seed: int = 0,
                    stages_per_enterprise: tuple[int, int] = (1, 3)) -> Iterator[Assessment]:
    """Saved self-assessments of `enterprises` synthetic enterprises, `saves` each about a year apart, every
    applicable scenario answered, levels rising a little from one save to the next. Lazy and the same for the
    same seed: 100,000 enterprises never sit in memory at once."""
    if enterprises < 0 or saves < 1:
        raise InvalidRequest("need no negative enterprise count and at least one save")
    rng = random.Random(f"{seed}:histories")
    stages = graph.ordered("Stage")
    by_stage = {s: [sc for sc in graph.ids("Scenario") if s in graph.stages_of(sc)] for s in stages}
    stages = [s for s in stages if by_stage[s]]
    width = max(2, len(str(max(enterprises - 1, 1))))
    lo, hi = stages_per_enterprise
    for n in range(enterprises):
        ent = f"ent_synth_{n:0{width}d}"
        operated = sorted(rng.sample(stages, min(len(stages), rng.randint(lo, hi))), key=stages.index)
        applicable = sorted({sc for s in operated for sc in by_stage[s]})
        propensity = rng.random()
        levels = {sc: min(5, max(0, int(rng.gauss(1 + 2.5 * propensity, 1.1)))) for sc in applicable}
        region = _REGIONS[rng.randrange(len(_REGIONS))]
        first = _HISTORY_START + timedelta(days=rng.randrange(365), seconds=rng.randrange(86400))
        for i in range(saves):
            if i:
                levels = {sc: min(5, lv + (rng.random() < 0.3)) for sc, lv in levels.items()}
            yield Assessment(enterprise_id=ent, name=f"合成企业 {n} / Synthetic enterprise {n}", region=region,
                             stages=operated, at=first + timedelta(days=365 * i), answers=dict(levels))


def write_histories(graph: ScenarioGraph, out: str | Path, enterprises: int, saves: int = 3,
                    seed: int = 0) -> int:
    """Write synth_histories as JSON Lines (one saved assessment a line); returns the number of saves."""
    rows = (a.model_dump(mode="json") for a in synth_histories(graph, enterprises, saves, seed))
    return write_jsonl(Path(out), rows, None)
