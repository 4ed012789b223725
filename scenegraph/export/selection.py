"""What to export: a selection by labels, stages, domains, levels, ids with their k-hop neighbourhood, a factory
(what it runs), an enterprise's roadmap, or (Neo4j) a read-only Cypher query returning nodes, relationships or
paths. Seeds (ids, factory, roadmap, query) are united; filters then keep what passes them, or select on their
own when there is no seed. The result is the induced subgraph: the chosen nodes and every relationship between
them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from scenegraph.assess import Assessment, Scorer, roadmap
from scenegraph.auth.access import Principal, require_cypher
from scenegraph.base.errors import InvalidRequest
from scenegraph.base.i18n import Bilingual
from scenegraph.graph.results import UnknownNode
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import LABELS
from scenegraph.stores import GraphStore

__all__ = ["Selection", "SelectionError", "select", "selected_ids"]

#: rows a Cypher selection may return
QUERY_ROW_CAP = 100_000


class SelectionError(InvalidRequest):
    """A selection that cannot be made (empty, unknown id, a query that returns no graph). Given in both
    languages, a page shows it in its own (`in_`); str() is the English one."""

    def __init__(self, message: Bilingual | str):
        self.said = message if isinstance(message, Bilingual) else Bilingual(message, message)
        super().__init__(str(message))

    def in_(self, lang: str) -> str:
        return self.said.in_(lang)


@dataclass(frozen=True)
class Selection:
    labels: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    ids: tuple[str, ...] = ()
    hops: int = 1
    factory: str | None = None
    cypher: str | None = None
    roadmap: Assessment | None = field(default=None, compare=False)
    target_level: int = 3

    @property
    def filtered(self) -> bool:
        return bool(self.labels or self.stages or self.domains or self.levels)


def _query_ids(store: GraphStore, text: str) -> list[str]:
    """The graph nodes a query returns (as nodes, relationships' ends or paths). Only real nodes count: a map
    that looks like one ({labels: [], id: ...}) is a value, and values are never echoed back as ids."""
    run = getattr(store, "run_readonly", None)
    if run is None:
        raise SelectionError(Bilingual("按 Cypher 选择需要 Neo4j 存储（请设置 NEO4J_URI）",
                                       "a Cypher selection needs the Neo4j store (set NEO4J_URI)"))
    ids = run(text, row_cap=QUERY_ROW_CAP).graph_ids
    if not ids:
        raise SelectionError(Bilingual("查询没有返回节点、关系或路径：请用 RETURN n、r 或 p",
                                       "the query returned no nodes, relationships or paths: RETURN n, r or p"))
    return ids


def selected_ids(store: GraphStore, sel: Selection, scorer: Scorer | None = None,
                 principal: Principal | None = None) -> list[str]:
    """The ids of a selection. A Cypher selection runs only for a curator or an admin (`principal`; nobody when
    None), whatever the page or command offered."""
    unknown = [x for x in sel.labels if x not in LABELS]
    if unknown:
        raise SelectionError(Bilingual(f"未知的节点类型：{'、'.join(unknown)}；可用类型：{'、'.join(LABELS)}",
                                       f"unknown label(s) {', '.join(unknown)}; labels are {', '.join(LABELS)}"))
    if sel.hops < 0:
        raise SelectionError(Bilingual("跳数须为 0 或以上", "hops must be 0 or more"))
    seeds: dict[str, None] = {}
    seeded = False
    for node_id in sel.ids:
        seeded = True
        seeds.update(dict.fromkeys(store.neighbourhood(node_id, sel.hops)))
    if sel.factory:
        seeded = True
        if store.node(sel.factory)["label"] != "Factory":
            raise SelectionError(Bilingual(f"“{sel.factory}”不是工厂", f"'{sel.factory}' is not a Factory"))
        around = store.subgraph(store.neighbourhood(sel.factory, 1))
        seeds[sel.factory] = None
        seeds.update(dict.fromkeys(around.out_ids(sel.factory, "IMPLEMENTS") + around.out_ids(sel.factory, "OPERATES")))
    if sel.roadmap is not None:
        seeded = True
        if scorer is None:
            raise SelectionError(Bilingual("按路线图选择需要评估所依据的图谱",
                                           "a roadmap selection needs the graph the assessment was scored on"))
        seeds.update(dict.fromkeys(s.id for s in roadmap(scorer, sel.roadmap, sel.target_level).steps))
    if sel.cypher:
        require_cypher(principal)
        seeded = True
        seeds.update(dict.fromkeys(_query_ids(store, sel.cypher)))
    if not seeded and not sel.filtered:
        raise SelectionError(Bilingual("未选择任何内容：请给出编号、工厂、路线图、查询或筛选条件",
                                       "nothing selected: give ids, a factory, a roadmap, a query or a filter"))
    if not sel.filtered:
        return list(seeds)
    passing = store.filter_nodes(sel.labels or None, sel.stages or None, sel.domains or None, sel.levels or None)
    if not seeded:
        return passing
    keep = set(passing)
    return [n for n in seeds if n in keep]


def select(store: GraphStore, sel: Selection, scorer: Scorer | None = None,
           principal: Principal | None = None) -> ScenarioGraph:
    ids = selected_ids(store, sel, scorer, principal)
    try:
        return store.subgraph(ids)
    except UnknownNode as e:
        if e.node_id in sel.ids or e.node_id == sel.factory:
            raise
        # an id the selection found itself (a query's node gone since): named by count, never echoed
        raise SelectionError(Bilingual("所选出的一个节点已不在图谱中，请重新运行",
                                       "a node the selection found is no longer in the graph; run it again")) from None


def parse_levels(values: Iterable[str]) -> tuple[int, ...]:
    try:
        levels = tuple(int(v) for v in values)
    except ValueError:
        raise SelectionError("levels are whole numbers 1-5") from None
    if any(not 1 <= x <= 5 for x in levels):
        raise SelectionError("levels are whole numbers 1-5")
    return levels
