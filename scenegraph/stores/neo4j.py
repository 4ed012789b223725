"""Neo4j through the official driver: schema, batched idempotent load, pushed-down queries, read-only console.

Every query is a named file in cypher/ (see queries.py) and every value a parameter. The caller owns the
store (and so the driver): open it with `Neo4jStore.connect(settings)`, close it with `close()` or `with`.
"""

from __future__ import annotations

import os
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase, Query, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from ..assess.archive import SavedAssessment, horizon
from ..assess.model import Assessment, require_answers
from ..graph import ScenarioGraph, dependency_order
from ..model import LABELS, RELATIONSHIPS
from ..results import LensKpi, LensScenario, LensTarget, Matrix, SearchHit, Stats, UnknownNode
from ..search import MIN_SUBSTRING, normalize, words
from .base import LoadReport, Progress, QueryRefused, StoreAuthError, StoreError, StoreUnavailable
from .queries import query, statements

__all__ = ["ConsoleResult", "Neo4jSettings", "Neo4jStore"]


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the shared graph lives. `neo4j://` and `neo4j+s://` (clusters, Aura) work as well as `bolt://`."""

    uri: str
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Neo4jSettings | None:
        """From NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE (environment or Streamlit secrets)."""
        uri = values.get("NEO4J_URI")
        if not uri:
            return None
        return cls(str(uri), str(values.get("NEO4J_USER") or "neo4j"), str(values.get("NEO4J_PASSWORD") or ""),
                   str(values.get("NEO4J_DATABASE") or "") or None)

    @classmethod
    def from_env(cls) -> Neo4jSettings | None:
        return cls.from_mapping(os.environ)

    def __repr__(self) -> str:
        return f"Neo4jSettings(uri={self.safe_uri!r}, user={self.user!r}, database={self.database!r})"

    @property
    def safe_uri(self) -> str:
        """The URI without any user:password part, fit for messages and logs."""
        parts = urlsplit(self.uri)
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


@dataclass
class ConsoleResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    seconds: float


def _native(value: Any) -> Any:
    """Driver values as plain Python: temporal types to datetime, graph types to dicts."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Node):
        return {"labels": sorted(lb for lb in value.labels if lb != "Entity"), **_native(dict(value))}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, "from": value.start_node.get("id"), "to": value.end_node.get("id"),
                **_native(dict(value))}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [_native(n) for n in value.nodes], "relationships": [_native(r) for r in value.relationships]}
    return value


def _utc(at: datetime) -> datetime:
    """Times as fixed-offset UTC: Cypher's `=` tells a zone id ('UTC', what the driver returns) from an offset."""
    return at.astimezone(UTC)


def _chunks(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _first_line(e: Exception) -> str:
    text = getattr(e, "message", None) or str(e) or type(e).__name__
    return text.strip().splitlines()[0]


def _plan_operators(plan: Mapping | None) -> Iterator[tuple[str, str]]:
    if not plan:
        return
    yield plan.get("operatorType", ""), str(plan.get("args", {}).get("Details", ""))
    for child in plan.get("children", []):
        yield from _plan_operators(child)


_CONSOLE_PREFIX = re.compile(r"^\s*(EXPLAIN|PROFILE)\b", re.IGNORECASE)


class Neo4jStore:
    name = "neo4j"

    def __init__(self, settings: Neo4jSettings, batch_size: int = 20_000, retry_seconds: float = 5.0):
        self.settings = settings
        self.batch_size = batch_size
        with self._errors("connecting"):
            self._driver = GraphDatabase.driver(
                settings.uri, auth=(settings.user, settings.password), max_transaction_retry_time=retry_seconds,
                connection_timeout=10.0, notifications_min_severity="OFF",
            )

    @classmethod
    def connect(cls, settings: Neo4jSettings, **kwargs: Any) -> Neo4jStore:
        """A store whose server has answered; raises StoreUnavailable or StoreAuthError with one clear line."""
        store = cls(settings, **kwargs)
        try:
            with store._errors("connecting"):
                store._driver.verify_connectivity()
        except StoreError:
            store.close()
            raise
        return store

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ plumbing

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        where = self.settings.safe_uri
        try:
            yield
        except AuthError as e:
            raise StoreAuthError(f"Neo4j at {where} refused the credentials of user '{self.settings.user}'") from e
        except (ServiceUnavailable, SessionExpired) as e:
            raise StoreUnavailable(f"Neo4j at {where} is unreachable ({doing}): {_first_line(e)}") from e
        except ClientError as e:
            if "Timeout" in (e.code or "") or "TimedOut" in (e.code or ""):
                raise StoreError(f"the query took too long and was stopped ({doing})") from e
            raise StoreError(f"Neo4j refused the query ({doing}): {_first_line(e)}") from e
        except (ConfigurationError, ValueError) as e:
            # the driver's own text may repeat the URI, password included: say what is wrong without it
            raise StoreError(f"the Neo4j settings for {where} are not valid ({type(e).__name__}); "
                             "check NEO4J_URI (bolt://, neo4j://, neo4j+s://)") from None
        except (Neo4jError, DriverError) as e:
            raise StoreError(f"Neo4j failed ({doing}): {_first_line(e)}") from e

    def _run(self, name: str, routing: RoutingControl, label: str | None = None, rel_type: str | None = None,
             **params: Any) -> neo4j.EagerResult:
        with self._errors(f"running {name}"):
            return self._driver.execute_query(query(name, label, rel_type), params, routing_=routing,
                                              database_=self.settings.database)

    def _read(self, name: str, label: str | None = None, **params: Any) -> list[neo4j.Record]:
        return self._run(name, RoutingControl.READ, label, **params).records

    def _write(self, name: str, label: str | None = None, rel_type: str | None = None, **params: Any) -> dict:
        return self._run(name, RoutingControl.WRITE, label, rel_type, **params).summary.counters.__dict__

    # ------------------------------------------------------------ schema and load

    def apply_schema(self) -> None:
        """Constraints and the full-text index; idempotent (IF NOT EXISTS)."""
        with self._errors("applying the schema"):
            for stmt in statements("schema"):
                self._driver.execute_query(stmt, database_=self.settings.database)

    def _autocommit(self, name: str, **params: Any) -> dict:
        """Queries with CALL ... IN TRANSACTIONS must run outside a managed transaction."""
        with self._errors(f"running {name}"), self._driver.session(database=self.settings.database) as s:
            return s.run(query(name), params).consume().counters.__dict__

    def clear(self) -> None:
        self._autocommit("clear")

    def load(self, graph: ScenarioGraph, replace: bool = False, progress: Progress | None = None) -> LoadReport:
        """Batched UNWIND ... MERGE per label and relationship type. Running it twice changes nothing; a load
        cut short (server down) is completed by running it again. `replace` removes what the data no longer has."""
        started = time.perf_counter()
        self.apply_schema()
        nodes: dict[str, list[dict]] = defaultdict(list)
        for node_id, attrs in graph.g.nodes(data=True):
            nodes[attrs["label"]].append({"id": node_id, "props": attrs})  # __PROPS__ picks the schema's fields
        rels: dict[str, list[dict]] = defaultdict(list)
        for u, v, rel, props in graph.edges():
            rels[rel].append({"src": u, "dst": v, "props": props})
        total = graph.g.number_of_nodes() + graph.g.number_of_edges()
        report = LoadReport(nodes=graph.g.number_of_nodes(), relationships=graph.g.number_of_edges())
        counters: dict[str, int] = defaultdict(int)
        done = 0

        def add(c: dict, n: int, what: str) -> None:
            nonlocal done
            for k, val in c.items():
                if isinstance(val, int) and not isinstance(val, bool):
                    counters[k] += val
            done += n
            if progress:
                progress(done, total, what)

        for label in LABELS:
            for batch in _chunks(nodes.get(label, []), self.batch_size):
                add(self._write("load_nodes", label=label, rows=batch), len(batch), label)
        for rel, spec in RELATIONSHIPS.items():
            name = ("load_history_relationships" if spec.history else
                    "load_relationships_with_props" if spec.props.model_fields else "load_relationships")
            for batch in _chunks(rels.get(rel, []), self.batch_size):
                add(self._write(name, rel_type=rel, rows=batch), len(batch), rel)
        if replace:
            self._remove_missing(graph, report)
        report.nodes_created = counters.get("nodes_created", 0)
        report.relationships_created = counters.get("relationships_created", 0)
        report.counters = dict(counters)
        report.seconds = time.perf_counter() - started
        return report

    def _remove_missing(self, graph: ScenarioGraph, report: LoadReport) -> None:
        c = self._write("replace_nodes", ids=list(graph.g.nodes))
        report.nodes_deleted = c.get("nodes_deleted", 0)
        report.relationships_deleted = c.get("relationships_deleted", 0)
        report.relationships_deleted += self._write("delete_unknown_types", types=list(RELATIONSHIPS)).get(
            "relationships_deleted", 0)
        for rel, spec in RELATIONSHIPS.items():
            wanted = {(u, v, str(k)) for u, v, k, t in graph.g.edges(keys=True, data="type") if t == rel}
            stale = []
            for r in self._run("relationship_keys", RoutingControl.READ, rel_type=rel).records:
                at = _native(r["at"])
                key = f"{rel}@{at.isoformat()}" if spec.history and at is not None else rel
                if (r["src"], r["dst"], key) not in wanted:
                    stale.append(r["rid"])
            for batch in _chunks(stale, self.batch_size):
                report.relationships_deleted += self._write("delete_relationships", rids=batch).get(
                    "relationships_deleted", 0)

    # ------------------------------------------------------------ reads (pushed down)

    def stats(self) -> Stats:
        by_label = dict.fromkeys(LABELS, 0)
        for r in self._read("stats_nodes"):
            if r["label"] in by_label:
                by_label[r["label"]] = r["n"]
        by_type = dict.fromkeys(RELATIONSHIPS, 0)
        for r in self._read("stats_relationships"):
            by_type[r["type"]] = r["n"]
        return Stats(by_label, by_type)

    def node(self, node_id: str) -> dict:
        records = self._read("node", id=node_id)
        if not records:
            raise UnknownNode(node_id)
        return {"label": records[0]["label"], **_native(records[0]["props"])}

    def _label(self, node_id: str) -> str:
        return self.node(node_id)["label"]

    def search(self, text: str, labels: Iterable[str] | None = None, limit: int | None = 20) -> list[SearchHit]:
        q = normalize(text)  # the one ranking: scenegraph/search.py, mirrored in cypher/search.cypher
        if not q:
            return []
        rows = self._read("search", q=q, words=words(text), min_sub=MIN_SUBSTRING,
                          labels=list(labels) if labels else None, limit=limit if limit is not None else 2**31 - 1)
        return [SearchHit(r["id"], r["label"], r["name_zh"], r["name_en"], r["rank"]) for r in rows]

    def fulltext(self, lucene_query: str, limit: int = 20) -> list[tuple[str, float]]:
        """Relevance-ranked hits from the full-text index (CJK analyzer); Lucene query syntax."""
        return [(r["id"], r["score"]) for r in self._read("fulltext_search", query=lucene_query, limit=limit)]

    def filter_nodes(self, labels=None, stages=None, domains=None, levels=None) -> list[str]:
        def opt(values):
            return list(values) if values else None

        return [r["id"] for r in self._read("filter_nodes", labels=opt(labels), stages=opt(stages),
                                            domains=opt(domains), levels=opt(levels))]

    def neighbourhood(self, node_id: str, hops: int = 1, labels: Iterable[str] | None = None) -> dict[str, int]:
        """Breadth-first, one pushed-down query per hop; the same answer as ScenarioGraph.neighbourhood."""
        self._label(node_id)
        if hops < 0:
            raise ValueError("hops must be 0 or more")
        dist, label_of = {node_id: 0}, {}
        frontier = [node_id]
        for d in range(1, hops + 1):
            if not frontier:
                break
            nxt = []
            for r in self._read("neighbours", ids=frontier):
                label_of[r["id"]] = r["label"]
                if r["id"] not in dist:
                    dist[r["id"]] = d
                    nxt.append(r["id"])
            frontier = nxt
        wanted = set(labels) if labels else None
        return {
            n: d
            for n, d in sorted(dist.items(), key=lambda x: (x[1], x[0]))
            if wanted is None or n == node_id or label_of.get(n) in wanted
        }

    def shortest_path(self, src: str, dst: str, avoid_labels: Iterable[str] = ()) -> list[str] | None:
        self._label(src)
        self._label(dst)
        if src == dst:
            return [src]
        rows = self._read("shortest_path", src=src, dst=dst, avoid=list(avoid_labels))
        return list(rows[0]["ids"]) if rows else None

    def subgraph(self, node_ids: Iterable[str]) -> ScenarioGraph:
        ids = list(dict.fromkeys(node_ids))
        nodes = [{"label": r["label"], **_native(r["props"])} for r in self._read("subgraph_nodes", ids=ids)]
        found = {n["id"] for n in nodes}
        for n in ids:
            if n not in found:
                raise UnknownNode(n)
        edges = [(r["src"], r["dst"], r["type"], _native(r["props"])) for r in self._read("subgraph_relationships",
                                                                                          ids=ids)]
        order = {n: i for i, n in enumerate(ids)}
        nodes.sort(key=lambda n: order[n["id"]])
        return ScenarioGraph.from_rows(nodes, edges)

    def _scenario_stages(self, ids: list[str] | None) -> dict[str, list[str]]:
        return {r["scenario"]: sorted(r["stages"]) for r in self._read("scenario_stages", ids=ids)}

    def matrix(self, scenarios: Iterable[str] | None = None) -> Matrix:
        ids = list(scenarios) if scenarios is not None else None
        stages = self._scenario_stages(ids)
        domains = {r["scenario"]: sorted(r["domains"]) for r in self._read("scenario_domains", ids=ids)}
        cells: dict[tuple[str, str], list[str]] = defaultdict(list)
        for sc, sts in stages.items():
            for st in sts:
                for dom in domains.get(sc, []):
                    cells[(st, dom)].append(sc)
        return Matrix(
            tuple(r["id"] for r in self._read("ordered_ids", label="Stage")),
            tuple(r["id"] for r in self._read("ordered_ids", label="Domain")),
            {k: tuple(sorted(v)) for k, v in cells.items()},
        )

    def policy_lens(self, target: str | None = None) -> list[LensTarget]:
        if target is not None and self._label(target) != "Target":
            raise ValueError(f"'{target}' is a {self._label(target)}, not a Target")
        tree: dict[str, dict[str, set[str]]] = {}
        for r in self._read("policy_lens", target=target):
            kpis = tree.setdefault(r["target"], {})
            if r["kpi"] is not None:
                scs = kpis.setdefault(r["kpi"], set())
                if r["scenario"] is not None:
                    scs.add(r["scenario"])
        all_scenarios = sorted({s for kpis in tree.values() for scs in kpis.values() for s in scs})
        stages = self._scenario_stages(all_scenarios) if all_scenarios else {}
        return [
            LensTarget(t, tuple(
                LensKpi(k, tuple(LensScenario(s, tuple(stages.get(s, ()))) for s in sorted(tree[t][k])))
                for k in sorted(tree[t])
            ))
            for t in sorted(tree)
        ]

    def prerequisites(self, scenario: str, hard_only: bool = False) -> list[str]:
        if self._label(scenario) != "Scenario":
            raise ValueError(f"'{scenario}' is a {self._label(scenario)}, not a Scenario")
        edges = [(r["dependent"], r["prerequisite"]) for r in self._read("prerequisites", id=scenario,
                                                                         hard_only=hard_only)]
        return dependency_order(edges, exclude=scenario)

    # ------------------------------------------------------------ assessments

    def save_assessment(self, assessment: Assessment) -> Assessment:
        """Adds (Enterprise)-[:ASSESSED {level, at}]-> per answer; earlier saves stay as history."""
        require_answers(assessment)
        answers = [{"scenario": sc, "level": level} for sc, level in sorted(assessment.answers.items())]

        def work(tx: neo4j.ManagedTransaction) -> Any:
            record = tx.run(query("save_assessment"), enterprise_id=assessment.enterprise_id, name=assessment.name,
                            region=assessment.region, stages=assessment.stages, at=_utc(assessment.at),
                            answers=answers, not_after=horizon()).single()
            written = record["written"] if record else 0
            if written != len(answers):  # raising rolls the whole save back
                raise StoreError(f"{len(answers) - written} of the {len(answers)} assessed scenarios are not in "
                                 "the Neo4j graph; load the graph first (scenegraph load)")
            return _utc(_native(record["at"]))

        with self._errors("saving an assessment"), self._driver.session(database=self.settings.database) as s:
            at = s.execute_write(work)
        return assessment.model_copy(update={"at": at})

    def assessments(self, enterprise_id: str | None = None) -> list[SavedAssessment]:
        return [SavedAssessment(r["enterprise_id"], r["name"], _utc(_native(r["at"])), r["answers"])
                for r in self._read("list_assessments", enterprise_id=enterprise_id)]

    def load_assessment(self, enterprise_id: str, at: datetime) -> Assessment:
        records = self._read("load_assessment", enterprise_id=enterprise_id, at=_utc(at))
        if not records or not records[0]["answers"]:
            raise KeyError(f"no assessment of '{enterprise_id}' saved at {at.isoformat()}")
        r = records[0]
        stages = list(r["stages"])
        for answer in r["answers"]:  # stages changed since: keep every answer by adding a stage it applies at
            if answer["stages"] and not set(answer["stages"]) & set(stages):
                stages.append(answer["stages"][0])
        return Assessment(enterprise_id=enterprise_id, name=r["name"], region=r["region"], stages=stages, at=at,
                          answers={a["scenario"]: a["level"] for a in r["answers"]})

    # ------------------------------------------------------------ read-only console

    def run_readonly(self, text: str, params: Mapping[str, Any] | None = None, timeout: float = 10.0,
                     row_cap: int = 1000) -> ConsoleResult:
        """User Cypher, planned first (EXPLAIN) and refused unless it only reads; then run in a read
        transaction with a timeout, returning at most `row_cap` rows. LOAD CSV, dbms procedures, admin
        commands and CALL ... IN TRANSACTIONS are refused."""
        text = text.strip().rstrip(";").strip()
        if not text:
            raise QueryRefused("the query is empty")
        if _CONSOLE_PREFIX.match(text):
            raise QueryRefused("leave out EXPLAIN / PROFILE: the console plans every query itself")
        params = dict(params or {})
        with self._driver.session(database=self.settings.database, default_access_mode=neo4j.READ_ACCESS) as s:
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
                rows.append([_native(v) for v in record.values()])
            return list(result.keys()), rows, truncated

        started = time.perf_counter()
        with self._errors("running the console query"), self._driver.session(
                database=self.settings.database, default_access_mode=neo4j.READ_ACCESS) as s:
            columns, rows, truncated = s.execute_read(neo4j.unit_of_work(timeout=timeout)(work))
        return ConsoleResult(columns, rows, truncated, time.perf_counter() - started)
