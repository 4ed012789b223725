"""Loading a validated graph online (through Bolt, for any server: local, cluster, Aura): schema, batched
idempotent writes per label and relationship type, the sources, and `replace`."""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from functools import partial
from operator import itemgetter

from neo4j import RoutingControl

from scenegraph.base.errors import StoreError, StoreUnavailable
from scenegraph.graph.cypher import query
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import LABELS, RELATIONSHIPS
from scenegraph.stores.neo4j.connection import Connection
from scenegraph.stores.neo4j.search_keys import node_keys
from scenegraph.stores.neo4j.values import chunks
from scenegraph.stores.protocols import LoadReport, Progress

__all__ = ["Loader"]

log = logging.getLogger(__name__)


def _by_position(batch: list[list]) -> tuple[list[str], list[list]]:
    """A first-load batch of relationship rows [start, end(, props)] as its distinct ends (node ids, in order of
    first appearance) and its rows [i, j(, props)] with the ends as positions in that list. Each node is then found
    once per batch (a start node has ~10 relationships, sorted together), and ids travel once instead of once per
    row. Built from C-level maps and zips: at 1M rows the client's work here competes with the server for the
    same two cores."""
    starts = [r[0] for r in batch]
    ends = [r[1] for r in batch]
    nodes = list(dict.fromkeys(starts + ends))
    at = {n: i for i, n in enumerate(nodes)}.__getitem__
    cols: list = [map(at, starts), map(at, ends)]
    if len(batch[0]) > 2:
        cols.append([r[2] for r in batch])
    return nodes, list(map(list, zip(*cols, strict=True)))


def _prepared(rels: dict[str, list[list]], size: int) -> dict[str, list[tuple[list[str], list[list]]]]:
    """Every first-load relationship batch of every type (sorted by start node, _by_start, _by_position), ready to
    send but for the nodes' elementIds: the loader builds them on a thread while the server writes the nodes
    (about 110 MiB for 1M relationships, held beside the rows until the relationship phase starts)."""
    return {rel: [_by_position(b) for b in _by_start(sorted(rows, key=itemgetter(0)), size)]
            for rel, rows in rels.items()}


def _by_start(rows: list[list], size: int) -> Iterator[list[list]]:
    """Rows sorted by start node in batches of about `size`, each cut where the start node changes: no two batches
    share a start node, so concurrent batches do not queue for the same start node's lock."""
    batch: list[list] = []
    for row in rows:
        if len(batch) >= size and row[0] != batch[-1][0]:
            yield batch
            batch = []
        batch.append(row)
    if batch:
        yield batch


def _added(add: Callable[[dict, int, str], None], what: str, counters: dict, n: int) -> None:
    """`add` of one finished batch of `what` (the shape _concurrently's `done` takes)."""
    add(counters, n, what)


def _concurrently(workers: int, jobs: Iterator[Callable[[], tuple[dict, int]]],
                  done: Callable[[dict, int], None]) -> None:
    """Runs the jobs on `workers` threads (the driver is thread-safe; each job its own transaction), calling `done`
    with each job's result on this thread; the first error stops what has not started and is raised."""
    if workers <= 1:
        for job in jobs:
            done(*job())
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="neo4j-load") as pool:
        pending: set = set()
        try:
            for job in jobs:
                pending.add(pool.submit(job))
                if len(pending) >= 2 * workers:  # a few queued: no batch waits for the client, memory stays flat
                    finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
                    for f in finished:
                        done(*f.result())
            while pending:
                finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for f in finished:
                    done(*f.result())
        finally:
            for f in pending:
                f.cancel()


class Loader(Connection):
    def apply_schema(self, indexes: bool = True, retired: bool = True) -> None:
        """Constraints, then (unless `indexes` is False) the search indexes; idempotent (IF NOT EXISTS). What older
        versions made and nothing reads any more is dropped first (cypher/schema_retired.cypher) unless `retired`
        is False (a store the offline importer has just made holds none of it)."""
        if retired:
            self.apply_statements("schema_retired", "applying the schema")
        self.apply_statements("schema", "applying the schema")
        if indexes:
            self.apply_statements("schema_indexes", "applying the schema")

    def await_indexes(self, seconds: int = 600) -> None:
        """Blocks until every index is populated (searches right after a load see everything)."""
        with self.errors("waiting for the indexes"), self.session() as s:
            s.run(query("await_indexes"), seconds=seconds).consume()

    def clear(self) -> None:
        self.autocommit("clear")

    def load(self, graph: ScenarioGraph, replace: bool = False, progress: Progress | None = None) -> LoadReport:
        """Batched UNWIND ... MERGE per label and relationship type. Running it twice changes nothing; a load
        cut short (server down) is completed by running it again. `replace` removes what the data no longer has.

        Into an empty database (the first load) it CREATEs instead of MERGEs and builds the search indexes once at
        the end; the node batches return each new node's elementId, and each relationship batch (sorted by start
        node) names its distinct ends once by elementId (a direct seek, no index lookup per row) and its rows as
        positions in that list (small integers on the wire): see _by_position. A thread builds every such batch
        while the server writes the nodes (_prepared): built inside the relationship phase, that client work took
        the cores the server's two writers needed (the phase took 13-16 s at 1M, now 10-13 s). The batches run on
        `load_workers` sessions at once (2 by default), each cut where the start node changes (_by_start): the server
        runs one batch while it commits the other (commits are applied one at a time). Figures: README,
        Benchmarks, bench/neo4j_load.py."""
        started = time.perf_counter()
        first = self.is_empty()
        report = LoadReport(nodes=graph.g.number_of_nodes(), relationships=graph.relationship_count)
        log.info("online load into %s: %d nodes, %d relationships, %s, batches of %d", self.settings.safe_uri,
                 report.nodes, report.relationships,
                 "an empty database (CREATE)" if first else "MERGE into what is there", self.batch_size)
        self.apply_schema(indexes=not first)
        suffix = "_create" if first else ""
        nodes: dict[str, list[dict]] = defaultdict(list)
        for node_id, attrs in graph.g.nodes(data=True):
            # __PROPS__ picks the schema's fields; sk: the normalised search keys (search_keys.py)
            nodes[attrs["label"]].append({"id": node_id, "props": attrs, "sk": node_keys(node_id, attrs)})
        rels: dict[str, list[list]] = defaultdict(list)  # rows [start, end(, props)]: lists pack cheaper than maps
        for u, v, rel, props in graph.edges():
            rels[rel].append([u, v, props] if RELATIONSHIPS[rel].props.model_fields else [u, v])
        total = report.nodes + report.relationships
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

        what = "the schema"
        element_ids: dict[str, str] = {}  # first load: node id -> elementId of the node just created
        batches = None  # a first load's relationship batches, built on a thread while the nodes load
        if first:
            preparing = ThreadPoolExecutor(1, thread_name_prefix="neo4j-load-prepare")
            batches = preparing.submit(_prepared, rels, self.batch_size)
            preparing.shutdown(wait=False)
        try:
            for label in LABELS:
                what = label
                log.debug("loading %s nodes", label)
                for batch in chunks(nodes.get(label, []), self.batch_size):
                    result = self._run("load_nodes" + suffix, RoutingControl.WRITE, label=label, rows=batch)
                    element_ids.update((r[0], r[1]) for r in result.records)
                    add(result.summary.counters.__dict__, len(batch), label)
            what = "the relationships"
            prepared = batches.result() if batches else {}
            if first:
                rels.clear()  # the batches hold the rows now; each type's go once it is written (pop below)
            for rel, spec in RELATIONSHIPS.items():
                what = rel
                # a first load CREATEs, history too: the data holds each (pair, time) once, nothing to MERGE against
                name = "load_relationships" + ("_with_props" if spec.props.model_fields else "") + suffix
                if first:
                    _concurrently(self.load_workers, (
                        partial(self._create_relationships, name, rel, ends, rows, element_ids)
                        for ends, rows in prepared.pop(rel, [])),
                        partial(_added, add, rel))
                else:
                    for batch in chunks(sorted(rels.get(rel, []), key=itemgetter(0)), self.batch_size):
                        add(self.write(name, rel_type=rel, rows=batch), len(batch), rel)
            what = "the sources"
            self.load_sources(graph.sources, replace)
            self.save_release(graph.release)
            if first:
                what = "the search indexes"
                self.apply_schema()
                self.await_indexes()
        except StoreUnavailable as e:
            raise StoreUnavailable(
                f"Neo4j at {self.settings.safe_uri} is unreachable: it stopped answering while loading {what} "
                f"({done:,} of {total:,} nodes and relationships written); run the same load again when it is back: "
                "it completes the graph exactly") from e
        if replace:
            self._remove_missing(graph, report)
        report.nodes_created = counters.get("nodes_created", 0)
        report.relationships_created = counters.get("relationships_created", 0)
        report.counters = dict(counters)
        report.seconds = time.perf_counter() - started
        log.info("online load done in %.1f s: %d nodes and %d relationships created", report.seconds,
                 report.nodes_created, report.relationships_created)
        return report

    def _create_relationships(self, name: str, rel: str, ends: list[str], rows: list[list],
                              element_ids: dict[str, str]) -> tuple[dict, int]:
        """One first-load batch of relationships (_by_position; any thread); its counters and its size."""
        c = self.write(name, rel_type=rel, nodes=list(map(element_ids.__getitem__, ends)), rows=rows)
        if c.get("relationships_created", 0) != len(rows):  # a node of this load was deleted
            raise StoreError(f"a node created by this load is gone while loading {rel} ("
                             "another client is writing?); run the load again to complete it")
        return c, len(rows)

    def load_sources(self, sources: dict[str, dict], replace: bool = False) -> None:
        """The bibliographic records as (:Source {key, record}) nodes, the record kept whole as JSON (its fields
        belong to data/sources.yaml's schema, not to the graph's)."""
        rows = [{"key": k, "record": json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)}
                for k, v in sorted(sources.items())]
        for batch in chunks(rows, self.batch_size):
            self.write("load_sources", rows=batch)
        if replace:
            self.write("delete_other_sources", keys=sorted(sources))

    def save_release(self, release: dict | None) -> None:
        """The data release (version, date ...), for the app to show: one :GraphRelease node; none, none."""
        if release:
            self.write("release_save", release=json.dumps(release, ensure_ascii=False))

    def _remove_missing(self, graph: ScenarioGraph, report: LoadReport) -> None:
        c = self.write("replace_nodes", ids=list(graph.g.nodes))
        report.nodes_deleted = c.get("nodes_deleted", 0)
        report.relationships_deleted = c.get("relationships_deleted", 0)
        report.relationships_deleted += self.write("delete_unknown_types", types=list(RELATIONSHIPS)).get(
            "relationships_deleted", 0)
        for rel in RELATIONSHIPS:
            wanted = {(u, v, str(k)) for u, v, k, a in graph.g.edges(keys=True, data=True) if a["type"] == rel}
            stale = []
            for r in self._run("relationship_keys", RoutingControl.READ, rel_type=rel).records:
                if (r["src"], r["dst"], rel) not in wanted:
                    stale.append(r["rid"])
            for batch in chunks(stale, self.batch_size):
                report.relationships_deleted += self.write("delete_relationships", rids=batch).get(
                    "relationships_deleted", 0)
