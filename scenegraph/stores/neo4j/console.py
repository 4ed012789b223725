"""The read-only console: user Cypher, planned first (EXPLAIN) and refused unless its plan reads the graph only
(guard.py: graph labels and relationship types, no scan that can reach tenant nodes, listed read procedures), then
run in a read transaction with a timeout and a row cap (LIMITS.console_timeout_s, LIMITS.console_row_cap). Who may
run it at all (curators and admins) is decided by the callers (auth.access.require_cypher)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j import Query

from scenegraph.base.errors import QueryRefused, StoreError, StoreUnavailable
from scenegraph.base.i18n import Bilingual
from scenegraph.base.limits import LIMITS
from scenegraph.stores.neo4j.connection import Connection
from scenegraph.stores.neo4j.guard import ALLOWED, graph_labels_only, plan_refusal
from scenegraph.stores.neo4j.values import native

__all__ = ["Console", "ConsoleResult"]


@dataclass
class ConsoleResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    seconds: float
    #: ids of the graph nodes the rows hold as nodes, relationship ends or paths (never a value that only looks
    #: like one: a map {labels: [], id: ...} is a map), in order of appearance
    graph_ids: list[str] = field(default_factory=list)


_CONSOLE_PREFIX = re.compile(r"^\s*(EXPLAIN|PROFILE)\b", re.IGNORECASE)
_NOT_GRAPH = Bilingual("查询结果含图谱以外的数据，已拒绝", "the query returned data outside the graph and was refused")


def _operators(plan: Mapping | None) -> Iterator[str]:
    if not plan:
        return
    yield str(plan.get("operatorType", "")).split("@", 1)[0]
    for child in plan.get("children", []) or []:
        yield from _operators(child)


def _graph_values(value: Any, ids: dict[str, None]) -> None:
    """Every node and relationship inside a result value is graph data (else QueryRefused); their ids are kept."""
    if isinstance(value, neo4j.graph.Node):
        if not graph_labels_only(value.labels):
            raise QueryRefused(_NOT_GRAPH)
        if isinstance(value.get("id"), str):
            ids[value["id"]] = None
    elif isinstance(value, neo4j.graph.Relationship):
        if value.type not in ALLOWED.types:
            raise QueryRefused(_NOT_GRAPH)
        for end in (value.start_node, value.end_node):
            if end is not None and isinstance(end.get("id"), str):
                ids[end["id"]] = None
    elif isinstance(value, neo4j.graph.Path):
        for part in (*value.nodes, *value.relationships):
            _graph_values(part, ids)
    elif isinstance(value, list):
        for v in value:
            _graph_values(v, ids)
    elif isinstance(value, dict):
        for v in value.values():
            _graph_values(v, ids)


class Console(Connection):
    def _fulltext_graph_only(self) -> bool:
        """Whether every full-text node index covers graph labels only (db.index.fulltext.queryNodes may then run:
        its index name is a parameter the plan does not show)."""
        with self.errors("listing the full-text indexes"), self.session(default_access_mode=neo4j.READ_ACCESS) as s:
            rows = list(s.run("SHOW FULLTEXT INDEXES YIELD entityType, labelsOrTypes"))
        return all(r["entityType"] == "NODE" and set(r["labelsOrTypes"] or []) <= ALLOWED.closed for r in rows)

    def _unreachable(self, e: StoreUnavailable) -> StoreUnavailable:
        """The server gone mid-query, said in both languages (the address without credentials)."""
        where = self.settings.safe_uri
        return StoreUnavailable(Bilingual(f"无法连接 Neo4j（{where}）：请检查服务器是否在运行、地址是否正确", str(e)))

    def run_readonly(self, text: str, params: Mapping[str, Any] | None = None, timeout: float | None = None,
                     row_cap: int | None = None) -> ConsoleResult:
        """User Cypher, planned first (EXPLAIN) and refused unless it only reads the graph (guard.py); then run in
        a read transaction with a timeout, returning at most `row_cap` rows. A refusal or an error never repeats
        what the query would have returned."""
        timeout = LIMITS.console_timeout_s if timeout is None else timeout
        row_cap = LIMITS.console_row_cap if row_cap is None else row_cap
        if len(text) > LIMITS.max_cypher_chars:
            raise QueryRefused(Bilingual(f"查询长 {len(text):,} 个字符，超过上限（max_cypher_chars = "
                                         f"{LIMITS.max_cypher_chars:,}）",
                                         f"the query is {len(text):,} characters long, over the limit "
                                         f"(max_cypher_chars = {LIMITS.max_cypher_chars:,})"))
        text = text.strip().rstrip(";").strip()
        if not text:
            raise QueryRefused(Bilingual("查询为空", "the query is empty"))
        if _CONSOLE_PREFIX.match(text):
            raise QueryRefused(Bilingual("请去掉 EXPLAIN / PROFILE：控制台会自行规划每个查询",
                                         "leave out EXPLAIN / PROFILE: the console plans every query itself"))
        params = dict(params or {})
        with self.session(default_access_mode=neo4j.READ_ACCESS) as s:
            try:
                with self.errors("planning the query"):
                    summary = s.run(Query("EXPLAIN " + text, timeout=timeout), params).consume()
            except StoreUnavailable as e:
                raise self._unreachable(e) from e
            except StoreError as e:
                why = str(e).split(": ", 1)[-1]
                raise QueryRefused(Bilingual(f"该查询无法在此运行：{why}", f"this query cannot run here: {why}")) from e
        operators = set(_operators(summary.plan))
        if not operators & {"LoadCSV", "TransactionApply", "TransactionForeach"}:
            if summary.query_type in ("w", "rw"):
                raise QueryRefused(Bilingual("控制台只读：该查询会写入数据",
                                             "the console is read-only: this query would write data"))
            if summary.query_type != "r":
                raise QueryRefused(Bilingual("控制台只读：不允许建表结构和管理命令", "the console is read-only: schema "
                                             "and administration commands are not allowed"))
        refusal = plan_refusal(summary.plan, self._fulltext_graph_only)
        if refusal is not None:
            raise QueryRefused(refusal)

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]], bool, list[str]]:
            result = tx.run(text, params)
            rows: list[list[Any]] = []
            ids: dict[str, None] = {}
            truncated = False
            for record in result:
                if len(rows) >= row_cap:
                    truncated = True
                    break
                values = record.values()
                _graph_values(values, ids)
                rows.append([native(v) for v in values])
            return list(result.keys()), rows, truncated, list(ids)

        started = time.perf_counter()
        try:
            with self.errors("running the console query"), \
                    self.session(default_access_mode=neo4j.READ_ACCESS) as s:
                columns, rows, truncated, ids = s.execute_read(neo4j.unit_of_work(timeout=timeout)(work))
        except QueryRefused:
            raise
        except StoreUnavailable as e:
            raise self._unreachable(e) from e
        except StoreError as e:
            if "took too long" in str(e):
                raise StoreError(Bilingual(f"查询用时超过 {timeout:g} 秒，已停止", str(e))) from e
            code = getattr(e.__cause__, "code", None) or type(e.__cause__).__name__
            # Neo4j's message may quote a value the query read ("cannot be parsed: ..."): only its code is shown
            raise StoreError(Bilingual(f"查询在运行中失败（{code}）",
                                       f"the query failed while running ({code})")) from e
        return ConsoleResult(columns, rows, truncated, time.perf_counter() - started, ids)
