"""Bulk import into a local database home: neo4j-admin CSV files (the export's format, one file per label and
per slice of the relationships, written by one process per core on a large graph), Neo4j's own offline importer
(`neo4j-admin database import full`, from the harness classpath of tools/neo4j), then the server started on it and
the schema applied. Faster than the online load from about 750,000 relationships (LIMITS.bulk_min_relationships),
but only for a database on this machine whose server may be stopped; remote servers (Aura, clusters) take the
online loader (load.py).

The server of the home is the one tools/neo4j/server.py manages (its state in HOME/state.json): a running one is
stopped for the import and started again on the same port with the same password.
"""

from __future__ import annotations

import functools
import gc
import importlib.util
import logging
import multiprocessing
import os
import shutil
import socket
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TypeGuard
from urllib.parse import urlsplit

from scenegraph.base.collector import gc_paused
from scenegraph.base.errors import StoreError
from scenegraph.base.resources import tools_dir
from scenegraph.base.settings import Neo4jSettings
from scenegraph.formats.neo4j_csv import EMPTY
from scenegraph.formats.writers import ImportTable, import_table_csv, import_tables
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.stores.neo4j.search_keys import node_keys
from scenegraph.stores.protocols import LoadReport, Progress

__all__ = ["BulkReport", "bulk_load", "is_local", "write_import_csv"]

log = logging.getLogger(__name__)

_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass
class BulkReport(LoadReport):
    #: stopping the server that ran on the home (0 when none ran), while csv_seconds runs: the two overlap
    stop_seconds: float = 0.0
    csv_seconds: float = 0.0
    import_seconds: float = 0.0
    start_seconds: float = 0.0
    schema_seconds: float = 0.0
    #: the server now running on the home (its address and password, for the caller to print as exports)
    settings: Neo4jSettings | None = None
    #: True when no server ran on the home before (one was started; the caller should say how to use it)
    started: bool = False


def is_local(settings: Neo4jSettings | None) -> TypeGuard[Neo4jSettings]:
    """Whether the URI names this machine (so its database home can be imported into offline)."""
    if settings is None:
        return False
    host = (urlsplit(settings.safe_uri).hostname or "").lower()
    return host in _LOCAL_HOSTS


@functools.cache
def _tools() -> ModuleType:
    """tools/neo4j/server.py, loaded once (it remembers the servers it started, to reap them when they stop)."""
    path = tools_dir() / "neo4j" / "server.py"
    if not path.is_file():
        raise StoreError("bulk import needs Neo4j's offline importer from tools/neo4j (a source checkout); "
                         "use the online loader (scenegraph load without --bulk)")
    spec = importlib.util.spec_from_file_location("scenegraph_neo4j_tools", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


#: rows per import table: large enough that neo4j-admin's per-file cost is small, small enough to share the
#: 1M-relationship graph's work evenly between processes
ROWS_PER_TABLE = 100_000
#: below this many rows, one process writes every table (starting others costs more than it saves)
_PARALLEL_FROM = 50_000

_graph: ScenarioGraph | None = None  # the graph being written, inherited by the forked writers


def _writer_started() -> None:
    """In each writer process: the graph frozen out of the collector's reach, so that it does not walk the
    graph's millions of objects again and again while the rows are built (and the pages stay shared)."""
    gc.freeze()


def _write_table(table: ImportTable, path: Path) -> Path:
    assert _graph is not None
    path.write_text(import_table_csv(_graph, table, _import_keys), encoding="utf-8")
    return path


def write_import_csv(graph: ScenarioGraph, folder: Path) -> tuple[list[Path], list[Path]]:
    """The neo4j-admin input files (writers.import_tables: one per label, relationships cut by start node, a large
    label cut too), the nodes with their search keys (search_keys.py) as the online loader writes them. On a large
    graph, one process per core writes them (forked: each reads the graph this process holds)."""
    global _graph
    folder.mkdir(parents=True, exist_ok=True)
    relationships = graph.relationship_count
    tables = import_tables(graph, ROWS_PER_TABLE, relationships)
    paths = [folder / t.file_name for t in tables]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    rows = len(graph) + relationships
    _graph = graph
    try:
        if cores > 1 and rows >= _PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            try:
                with ProcessPoolExecutor(min(cores, len(tables)), mp_context=multiprocessing.get_context("fork"),
                                         initializer=_writer_started) as pool:
                    list(pool.map(_write_table, tables, paths))
            except BrokenProcessPool:
                raise StoreError("a process writing the import files stopped without a word (out of memory?); "
                                 "the database was not touched") from None
        else:
            with gc_paused():
                for table, path in zip(tables, paths, strict=True):
                    _write_table(table, path)
    finally:
        _graph = None
    return ([p for t, p in zip(tables, paths, strict=True) if t.label is not None],
            [p for t, p in zip(tables, paths, strict=True) if t.label is None])


def _import_keys(node_id: str, attrs: dict) -> dict[str, str]:
    """The search keys as neo4j-admin columns: the lengths as an int[] column (';'-separated), the rest strings;
    an empty key (a node without a description) as EMPTY, which the importer stores as '' like the online loader."""
    return {(f"{k}:int[]" if isinstance(v, list) else k): (";".join(map(str, v)) if isinstance(v, list) else v or EMPTY)
            for k, v in node_keys(node_id, attrs).items()}


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def bulk_load(graph: ScenarioGraph, home: Path, settings: Neo4jSettings | None = None,
              progress: Progress | None = None) -> BulkReport:
    """Replaces the database of `home` with `graph` (offline import), then serves it again and applies the schema.

    `settings` (the configured server, if any) gives the port and password a newly started server keeps."""
    from scenegraph.stores.neo4j.store import Neo4jStore

    tools = _tools()
    home = Path(home).resolve()
    report = BulkReport(nodes=graph.g.number_of_nodes(), relationships=graph.relationship_count, method="bulk")
    total = report.nodes + report.relationships
    started = time.perf_counter()
    state = tools.running(home)
    port = password = None
    if state is not None:
        running = Neo4jSettings(state["NEO4J_URI"], state.get("NEO4J_USER", "neo4j"), state["NEO4J_PASSWORD"])
        port, password = urlsplit(running.safe_uri).port, state["NEO4J_PASSWORD"]
        with Neo4jStore.connect(running, tenant=False) as store:  # counts tenant data, moves none
            held = store.tenant_data_count()
        if held:
            raise StoreError(f"the database at {running.safe_uri} holds {held:,} accounts, saved assessments or their "
                             "summaries, and a bulk import replaces the whole database: load with the online loader "
                             "(scenegraph load --online), which leaves them as they are")
    elif is_local(settings):
        port = urlsplit(settings.safe_uri).port
        password = settings.password.get_secret_value() or None
        if port and _port_open(port):
            raise StoreError(f"a Neo4j answers at {settings.safe_uri} but no server started by "
                             f"tools/neo4j/server.py runs on {home}; stop it first (the import is offline)")
    report.started = state is None
    folder = home / "import" / "bulk"
    try:
        # the server stops (its last checkpoint, 0.4-1.1 s at 1M) while the files are written: the import needs both
        with ThreadPoolExecutor(1) as stopper:
            stopping = stopper.submit(tools.stop_detached, home) if state is not None else None
            t = time.perf_counter()
            nodes_csv, rels_csv = write_import_csv(graph, folder)
            report.csv_seconds = time.perf_counter() - t
            report.stop_seconds = (stopping.result() if stopping else None) or 0.0
        log.info("bulk import into %s: CSV written in %.1f s, running neo4j-admin import", home, report.csv_seconds)
        if progress:
            progress(0, total, "neo4j-admin import")
        try:
            report.import_seconds = tools.admin_import(home, nodes_csv, rels_csv)
        except tools.ServerError as e:
            raise StoreError(str(e)) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if progress:
        progress(total, total, "starting Neo4j")
    t = time.perf_counter()
    try:
        server = tools.start_detached(home, port, password)
    except (tools.ServerError, OSError) as e:
        raise StoreError(f"the import finished but Neo4j did not start on {home}: {str(e).splitlines()[0]}") from None
    report.start_seconds = time.perf_counter() - t
    report.settings = Neo4jSettings(server.uri, "neo4j", server.password)
    log.info("bulk import: neo4j-admin took %.1f s, the server at %s started in %.1f s", report.import_seconds,
             report.settings.safe_uri, report.start_seconds)
    t = time.perf_counter()
    with Neo4jStore.connect(report.settings, tenant=False) as store:  # a new store: no tenant data, nothing retired
        store.apply_schema(retired=False)
        store.load_sources(graph.sources)
        store.save_release(graph.release)  # as the online loader does (the bulk path missed it)
        store.await_indexes()
    report.schema_seconds = time.perf_counter() - t
    report.nodes_created, report.relationships_created = report.nodes, report.relationships
    report.seconds = time.perf_counter() - started
    log.info("bulk import done in %.1f s", report.seconds)
    return report
