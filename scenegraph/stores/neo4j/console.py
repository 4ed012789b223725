"""The read-only console: user Cypher, planned first and refused unless it only reads, then run in a read
transaction with a timeout and a row cap (LIMITS.console_timeout_s, LIMITS.console_row_cap)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import Query

from scenegraph.base.errors import QueryRefused, StoreError, StoreUnavailable
from scenegraph.base.limits import LIMITS
from scenegraph.stores.neo4j.connection import Connection
from scenegraph.stores.neo4j.values import native

__all__ = ["Console", "ConsoleResult"]


@dataclass
class ConsoleResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    seconds: float


def _plan_operators(plan: Mapping | None) -> Iterator[tuple[str, str]]:
    if not plan:
        return
    yield plan.get("operatorType", ""), str(plan.get("args", {}).get("Details", ""))
    for child in plan.get("children", []):
        yield from _plan_operators(child)


_CONSOLE_PREFIX = re.compile(r"^\s*(EXPLAIN|PROFILE)\b", re.IGNORECASE)


class Console(Connection):
    def run_readonly(self, text: str, params: Mapping[str, Any] | None = None, timeout: float | None = None,
                     row_cap: int | None = None) -> ConsoleResult:
        """User Cypher, planned first (EXPLAIN) and refused unless it only reads; then run in a read
        transaction with a timeout, returning at most `row_cap` rows. LOAD CSV, dbms procedures, admin
        commands and CALL ... IN TRANSACTIONS are refused."""
        timeout = LIMITS.console_timeout_s if timeout is None else timeout
        row_cap = LIMITS.console_row_cap if row_cap is None else row_cap
        if len(text) > LIMITS.max_cypher_chars:
            raise QueryRefused(f"the query is {len(text):,} characters long, over the limit "
                               f"(max_cypher_chars = {LIMITS.max_cypher_chars:,})")
        text = text.strip().rstrip(";").strip()
        if not text:
            raise QueryRefused("the query is empty")
        if _CONSOLE_PREFIX.match(text):
            raise QueryRefused("leave out EXPLAIN / PROFILE: the console plans every query itself")
        params = dict(params or {})
        with self._session(default_access_mode=neo4j.READ_ACCESS) as s:
            try:
                with self._errors("planning the query"):
                    summary = s.run(Query("EXPLAIN " + text, timeout=timeout), params).consume()
            except StoreUnavailable:
                raise
            except StoreError as e:
                raise QueryRefused(f"this query cannot run here: {str(e).split(': ', 1)[-1]}") from e
        for op, details in _plan_operators(summary.plan):
            if op.startswith("LoadCSV"):
                raise QueryRefused("LOAD CSV is not allowed in the console")
            if op.startswith(("TransactionApply", "TransactionForeach")):
                raise QueryRefused("CALL ... IN TRANSACTIONS is not allowed in the console")
            if op.startswith("ProcedureCall") and re.match(r"\s*dbms\.", details):
                raise QueryRefused("dbms procedures are not allowed in the console")
        if summary.query_type in ("w", "rw"):
            raise QueryRefused("the console is read-only: this query would write data")
        if summary.query_type != "r":
            raise QueryRefused("the console is read-only: schema and administration commands are not allowed")

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]], bool]:
            result = tx.run(text, params)
            rows: list[list[Any]] = []
            truncated = False
            for record in result:
                if len(rows) >= row_cap:
                    truncated = True
                    break
                rows.append([native(v) for v in record.values()])
            return list(result.keys()), rows, truncated

        started = time.perf_counter()
        with self._errors("running the console query"), self._session(default_access_mode=neo4j.READ_ACCESS) as s:
            columns, rows, truncated = s.execute_read(neo4j.unit_of_work(timeout=timeout)(work))
        return ConsoleResult(columns, rows, truncated, time.perf_counter() - started)
