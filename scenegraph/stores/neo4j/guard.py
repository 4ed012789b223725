"""Which user Cypher may run (the console, the Cypher selection): its plan (EXPLAIN) is checked against what the
graph is (scenegraph.graph.schema: GRAPH_LABELS, GRAPH_RELATIONSHIPS, RECORD_LABELS), so no query can read a
tenant's node or relationship (accounts, enterprises, their answers, save summaries, the observatory's aggregates).

The rule is an allow-list, read off the plan rather than the query text (which has too many spellings):
- every operator must be a known read operator; anything else (writes, LOAD CSV, SHOW, lookups by internal id,
  scans of every node or relationship, operators of a newer Neo4j) is refused;
- every node a plan brings in comes from a scan or index seek of graph labels only, or from a single traversal of a
  graph relationship type whose far end can only be a graph node (:Entity is allowed while every node carrying it
  is a graph node, as since tenant data left the graph; it is refused again should the schema ever give :Entity
  to a label outside the graph);
- every label and relationship type named anywhere in the plan is a graph one, every relationship pattern is typed;
- the only procedures are db.labels, db.relationshipTypes and, while every full-text index covers graph nodes only,
  db.index.fulltext.queryNodes; the only namespaced functions are the built-in temporal, spatial and vector ones.
Refusals are written in both languages (i18n.Bilingual) and never repeat data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from scenegraph.base.i18n import Bilingual
from scenegraph.graph.schema import (
    ENTITY_LABEL,
    GRAPH_LABELS,
    GRAPH_RELATIONSHIPS,
    LABELS,
    RECORD_LABELS,
    RELATIONSHIPS,
)

__all__ = ["ALLOWED", "Allowed", "graph_labels_only", "plan_refusal"]

FULLTEXT_PROCEDURE = "db.index.fulltext.queryNodes"
#: procedures that read the schema's names only, never a node
READ_PROCEDURES = frozenset({"db.labels", "db.relationshipTypes"})
#: namespaces of built-in functions (a namespaced call is otherwise a plugin's, which may run Cypher of its own)
FUNCTION_NAMESPACES = frozenset({"date", "datetime", "localdatetime", "localtime", "time", "duration", "point",
                                 "vector", "vector.similarity"})

#: operators that only pass, filter, join, order, aggregate or project rows: no node enters the plan through them
_PASS = frozenset({
    "ProduceResults", "Projection", "Filter", "Argument", "Apply", "SemiApply", "AntiSemiApply", "LetSemiApply",
    "LetAntiSemiApply", "SelectOrSemiApply", "SelectOrAntiSemiApply", "LetSelectOrSemiApply",
    "LetSelectOrAntiSemiApply", "ConditionalApply", "AntiConditionalApply", "RollUpApply", "Optional", "Anti",
    "CartesianProduct", "NodeHashJoin", "ValueHashJoin", "NodeLeftOuterHashJoin", "NodeRightOuterHashJoin", "Union",
    "OrderedUnion", "Distinct", "OrderedDistinct", "Aggregation", "EagerAggregation", "OrderedAggregation", "Sort",
    "PartialSort", "Top", "Top1", "Top1WithTies", "PartialTop", "Limit", "ExhaustiveLimit", "Skip", "Unwind",
    "CacheProperties", "Eager", "EmptyResult", "ProjectEndpoints", "Repeat(Trail)", "TriadicSelection",
    "TriadicBuild", "TriadicFilter", "NullifyMetadata",
})
#: scans and seeks of nodes by label (their details name the label: `n:Scenario`, `UNIQUE n:Stage(id) WHERE ...`)
_NODE_LEAVES = frozenset({"NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan",
                          "SubtractionNodeByLabelsScan", "NodeCountFromCountStore", "MultiNodeIndexSeek",
                          "AssertingMultiNodeIndexSeek"})
_NODE_INDEX = ("NodeIndex", "NodeUniqueIndex")
#: scans of relationships by type: both ends are new nodes
_REL_LEAVES = frozenset({"DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan",
                         "DirectedUnionRelationshipTypesScan", "UndirectedUnionRelationshipTypesScan",
                         "RelationshipCountFromCountStore"})
_REL_INDEX = ("DirectedRelationshipIndex", "UndirectedRelationshipIndex")
#: one hop from a bound node to a new one
_EXPAND_ALL = frozenset({"Expand(All)", "OptionalExpand(All)"})
#: one hop between two bound nodes
_EXPAND_INTO = frozenset({"Expand(Into)", "OptionalExpand(Into)"})
#: many hops (every node on the way is new)
_MULTI_HOP = ("VarLengthExpand(", "BFSPruningVarLengthExpand(", "ShortestPath")

_NAME = r"(?:`[^`]*`|[A-Za-z_]\w*)"
#: `var:Expr` or `:Expr` wherever a label or type is tested or scanned (maps print `key: value`, with a space)
_LABEL_TOKEN = re.compile(r"(?<![\w`:$])(?:" + _NAME + r")?:(?![:\s])((?:`[^`]*`|[^\s(),\[\]{}])+)")
#: a relationship pattern: `(a)-[r:T|U*..3]->(b)`, or bare `(a)-->(b)`
_REL_PATTERN = re.compile(r"(<?)-\[([^\]]*)\]-(>?)|\)\s*(<?)--(>?)\s*\(")
_FUNCTION = re.compile(r"(" + _NAME + r"(?:\s*\.\s*" + _NAME + r")+)\s*\(")
_PROCEDURE = re.compile(r"\s*(" + _NAME + r"(?:\." + _NAME + r")*)\s*\(")
_EXPAND = re.compile(r"^\s*(?:\w+\s*=\s*)?\((" + _NAME + r")\)(<?)-\[([^\]]*)\]-(>?)\((" + _NAME + r")\)")


def _bare(name: str) -> str:
    return name[1:-1] if name.startswith("`") and name.endswith("`") else name


@dataclass(frozen=True)
class Allowed:
    """The allow-list: labels a node may be reached by (`closed`: every node with it is graph data), labels that
    may be named (`labels`), relationship types (`types`) and the labels each type joins."""

    closed: frozenset[str]
    labels: frozenset[str]
    types: frozenset[str]
    ends: Mapping[str, tuple[frozenset[str], frozenset[str]]]

    @classmethod
    def of_schema(cls) -> Allowed:
        """Built from what the graph is (schema.py). :Entity reaches graph nodes only while every label that
        carries it (LABELS) is a graph label; until then it may be named but not scanned."""
        closed = GRAPH_LABELS | RECORD_LABELS | ({ENTITY_LABEL} if frozenset(LABELS) <= GRAPH_LABELS else set())
        ends = {t: (RELATIONSHIPS[t].sources, RELATIONSHIPS[t].targets) for t in GRAPH_RELATIONSHIPS}
        return cls(frozenset(closed), frozenset(closed | {ENTITY_LABEL}), frozenset(GRAPH_RELATIONSHIPS), ends)

    def reaches_graph_only(self, rel: str, outgoing: bool | None) -> bool:
        """Whether every node one hop over `rel` (outgoing: to its target; incoming: to its source; None: either)
        is a graph node."""
        sources, targets = self.ends[rel]
        far = targets if outgoing else sources if outgoing is False else sources | targets
        return far <= self.closed


ALLOWED = Allowed.of_schema()


def _refuse(zh: str, en: str) -> Bilingual:
    return Bilingual(zh, en)


def _operators(plan: Mapping) -> Iterator[Mapping]:
    yield plan
    for child in plan.get("children", []) or []:
        yield from _operators(child)


def _op_name(plan: Mapping) -> str:
    return str(plan.get("operatorType", "")).split("@", 1)[0]


def _details(plan: Mapping) -> str:
    return str((plan.get("args") or {}).get("Details", ""))


def _names(expr: str) -> list[str]:
    """The label or type names of a label expression (`Scenario|KPI`, `Entity&!Enterprise`, `Scenario:Entity`,
    `AT*..3`)."""
    expr = re.sub(r"\*[\d.\s]*$", "", expr)
    return [_bare(p.strip()) for p in re.split(r"[|&!():]", expr) if p.strip()]


def _rel_types(inside: str) -> list[str] | None:
    """The types of a pattern's `[r:T|U*..3]`; None when it has none (any type)."""
    _, colon, types = inside.partition(":")
    names = _names(types) if colon else []
    return names or None


def _mentioned(details: str) -> Bilingual | None:
    """Every label or type named anywhere in an operator's details is a graph one."""
    for m in _LABEL_TOKEN.finditer(details):
        for name in _names(m.group(1)):
            if name not in ALLOWED.labels and name not in ALLOWED.types:
                return _not_graph(name)
    return None


def _not_graph(name: str) -> Bilingual:
    return _refuse(f"查询涉及图谱以外的数据（{name[:40]}）：控制台只读图谱的标签和关系类型"
                   "（账户、企业及其评估等租户数据不可读）",
                   f"the query reaches data outside the graph ({name[:40]}): the console reads only the graph's labels "
                   "and relationship types (accounts, enterprises and their assessments are never readable)")


_ANY_TYPE = _refuse("每个关系模式都要写明图谱的关系类型，例如 -[:AT]->（不限类型的遍历可能到达租户数据）",
                    "every relationship pattern must name graph relationship types, e.g. -[:AT]-> (a traversal of "
                    "any type could reach tenant data)")
_ALL_NODES = _refuse("查询要扫描全部节点：请写明图谱标签，例如 MATCH (s:Scenario)",
                     "the query would scan every node: name a graph label, e.g. MATCH (s:Scenario)")


def _open_end(rel: str) -> Bilingual:
    return _refuse(f"经 {rel} 遍历可能到达企业节点：请从图谱节点出发并写明方向，例如 "
                   f"MATCH (f:Factory) USING SCAN f:Factory MATCH (f)-[:{rel}]->(s:Stage)",
                   f"a traversal over {rel} could reach an enterprise: start from the graph side and give the "
                   f"direction, e.g. MATCH (f:Factory) USING SCAN f:Factory MATCH (f)-[:{rel}]->(s:Stage)")


def _entity_scan() -> Bilingual:
    return _refuse("用节点自己的标签（:Scenario、:KPI …）而不是 :Entity 查找：企业节点也带 :Entity",
                   "look nodes up by their own label (:Scenario, :KPI ...) rather than :Entity: enterprise nodes "
                   "carry :Entity too")


def _leaf_labels(op: str, details: str) -> Bilingual | None:
    """A label scan or index seek reads graph nodes only: every label it scans is closed (for an intersection,
    one of them is)."""
    found = [m.group(1) for m in _LABEL_TOKEN.finditer(details)]
    if not found:
        return _ALL_NODES
    for expr in found:
        names = _names(expr)
        positive = _names(re.sub(r"!\s*(?:`[^`]*`|\w+)", "", expr))
        if op.startswith(("Intersection", "Subtraction")) or "&" in expr or ":" in expr:
            ok = any(n in ALLOWED.closed for n in positive) and all(n in ALLOWED.labels for n in names)
        else:
            ok = bool(names) and all(n in ALLOWED.closed for n in names)
        if not ok:
            bad = next((n for n in names if n not in ALLOWED.labels), None)
            return _not_graph(bad) if bad else _entity_scan()
    return None


def _check_pattern(inside: str, left: str, right: str, new_ends: str) -> Bilingual | None:
    """One relationship pattern `left-[inside]-right` of a traversal: typed with graph types; `new_ends` says which
    ends are new nodes ('both', 'far' or 'none'), each of which must be a graph node whatever the data."""
    types = _rel_types(inside)
    if types is None:
        return _ANY_TYPE
    for t in types:
        if t not in ALLOWED.types:
            return _not_graph(t)
        if new_ends == "both" and not ALLOWED.reaches_graph_only(t, None):
            return _open_end(t)
        if new_ends == "far":
            outgoing = True if right == ">" else False if left == "<" else None
            if not ALLOWED.reaches_graph_only(t, outgoing):
                return _open_end(t)
    return None


def _expression_patterns(details: str, skip_first: bool) -> Bilingual | None:
    """Relationship patterns inside expressions (getDegree((s)-[:AT]->()) for COUNT {} and EXISTS {}): typed, and
    with graph nodes at both ends. A path rebuilt from bound relationships (`(a)-[r]->(b) AS p`,
    `(a)-[anon_0*]->(b) AS p`) reads nothing new."""
    for i, m in enumerate(_REL_PATTERN.finditer(details)):
        if skip_first and i == 0:
            continue
        if m.group(2) is None:  # bare (a)-->(b): any type
            return _ANY_TYPE
        inside = m.group(2)
        if ":" not in inside and re.fullmatch(r"\s*" + _NAME + r"\*?\s*", inside) and "Degree" not in details:
            continue
        problem = _check_pattern(inside, m.group(1), m.group(3), "both")
        if problem:
            return problem
    return None


def _functions(details: str) -> Bilingual | None:
    for m in _FUNCTION.finditer(details):
        parts = [_bare(p.strip()).lower() for p in m.group(1).split(".")]
        if ".".join(parts[:-1]) not in FUNCTION_NAMESPACES:
            return _refuse(f"不允许调用函数 {m.group(1)[:60]}：只可用内置函数",
                           f"the function {m.group(1)[:60]} is not allowed: only built-in functions are")
    return None


def _procedure(details: str, fulltext_ok: Callable[[], bool]) -> tuple[Bilingual | None, str]:
    m = _PROCEDURE.match(details)
    name = ".".join(_bare(p) for p in m.group(1).split(".")) if m else ""
    if name in READ_PROCEDURES:
        return None, details[m.end():] if m else ""
    if name == FULLTEXT_PROCEDURE and fulltext_ok():
        return None, details[m.end():] if m else ""
    return _refuse(f"不允许调用过程 {name[:60] or '?'}：控制台只可调用 db.labels、db.relationshipTypes"
                   "（以及全文索引只含图谱节点时的 db.index.fulltext.queryNodes）",
                   f"the procedure {name[:60] or '?'} is not allowed: the console calls only db.labels, "
                   "db.relationshipTypes (and db.index.fulltext.queryNodes while every full-text index holds graph "
                   "nodes only)"), ""


def _unknown(op: str) -> Bilingual:
    hints = {
        "LoadCSV": ("控制台不允许 LOAD CSV", "LOAD CSV is not allowed in the console"),
        "AllNodesScan": (_ALL_NODES.zh, _ALL_NODES.en),
        "TransactionApply": ("控制台不允许 CALL ... IN TRANSACTIONS", "CALL ... IN TRANSACTIONS is not allowed in "
                             "the console"),
        "TransactionForeach": ("控制台不允许 CALL ... IN TRANSACTIONS", "CALL ... IN TRANSACTIONS is not allowed in "
                               "the console"),
        "NodeByIdSeek": ("不允许按内部 id 查找：请用节点的 id 属性，例如 MATCH (s:Scenario {id: 'sc_…'})",
                         "lookups by internal id are not allowed: use the id property, e.g. "
                         "MATCH (s:Scenario {id: 'sc_…'})"),
        "StatefulShortestPath(All)": ("控制台不支持 SHORTEST：请用 shortestPath((a)-[:T*]-(b))",
                                      "SHORTEST is not supported in the console: use shortestPath((a)-[:T*]-(b))"),
        "StatefulShortestPath(Into)": ("控制台不支持 SHORTEST：请用 shortestPath((a)-[:T*]-(b))",
                                       "SHORTEST is not supported in the console: use shortestPath((a)-[:T*]-(b))"),
    }
    if op.startswith(("DirectedAllRelationships", "UndirectedAllRelationships")):
        return _ANY_TYPE
    if op.startswith(("NodeByElementIdSeek", "DirectedRelationshipBy", "UndirectedRelationshipBy")):
        op = "NodeByIdSeek"
    if op.startswith("Show"):
        return _refuse("控制台只读：不允许 SHOW 等管理命令", "the console is read-only: SHOW and other administration "
                       "commands are not allowed")
    zh, en = hints.get(op, (f"控制台不允许该查询（{op[:60]}）：只可读取图谱",
                            f"this query is not allowed in the console ({op[:60]}): it may only read the graph"))
    return _refuse(zh, en)


def _operator_refusal(plan: Mapping, fulltext_ok: Callable[[], bool]) -> Bilingual | None:
    op, details = _op_name(plan), _details(plan)
    own_pattern = False
    rest = details
    if op == "ProcedureCall":
        problem, rest = _procedure(details, fulltext_ok)
        if problem:
            return problem
    elif op in _NODE_LEAVES or op.startswith(_NODE_INDEX):
        if op == "NodeCountFromCountStore" and "(:" not in details:
            return _ALL_NODES
        problem = _leaf_labels(op, details)
        if problem:
            return problem
    elif op in _REL_LEAVES or op.startswith(_REL_INDEX):
        m = _REL_PATTERN.search(details)
        if not m or m.group(2) is None:
            return _ANY_TYPE
        problem = _check_pattern(m.group(2), m.group(1), m.group(3), "both")
        if problem:
            return problem
        own_pattern = True
    elif op in _EXPAND_ALL or op in _EXPAND_INTO or op.startswith(_MULTI_HOP):
        m = _EXPAND.match(details)
        if not m:
            return _ANY_TYPE if re.search(r"\)<?--", details) else _unknown(op)
        start, left, inside, right, end = m.groups()
        new_ends = "none" if op in _EXPAND_INTO else "far"
        if op in _EXPAND_ALL:  # the plan prints the bound node first: make sure, or refuse
            bound = set((plan.get("children") or [{}])[0].get("identifiers") or [])
            if _bare(start) not in bound or _bare(end) in bound:
                return _unknown(op)
        problem = _check_pattern(inside, left, right, new_ends)
        if problem:
            return problem
        own_pattern = True
    elif op == "ProjectEndpoints":  # the ends of a relationship bound (and checked) before
        own_pattern = True
    elif op not in _PASS:
        return _unknown(op)
    return _mentioned(rest) or _expression_patterns(rest, own_pattern) or _functions(rest)


def plan_refusal(plan: Mapping | None, fulltext_ok: Callable[[], bool] = lambda: False) -> Bilingual | None:
    """Why the plan may not run (in both languages), or None when it reads the graph only. `fulltext_ok` answers
    whether every full-text node index covers graph labels only (asked only when the plan calls the full-text
    procedure)."""
    if not plan:
        return _refuse("无法检查该查询的执行计划", "the query's plan cannot be checked")
    for operator in _operators(plan):
        problem = _operator_refusal(operator, fulltext_ok)
        if problem:
            return problem
    return None


def graph_labels_only(labels: Iterable[str]) -> bool:
    """Whether a node with these labels is graph data (the last check, on every node a query returns)."""
    labels = set(labels)
    return bool(labels & (ALLOWED.closed - {ENTITY_LABEL})) and labels <= ALLOWED.labels
