"""Export a selected subgraph to the formats consultants' tools read, and import them back."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from scenegraph.base.errors import InputRejected
from scenegraph.base.texts import unwritable
from scenegraph.export.picture import picture
from scenegraph.formats.writers import cypher_script, to_csv_zip, to_gexf, to_graphml, to_html, to_json
from scenegraph.graph.scenario_graph import ScenarioGraph

__all__ = ["FORMATS", "Format", "export", "writable"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    mime: str
    write: Callable[[ScenarioGraph, str], bytes]
    what: str


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("graphml", ".graphml", "application/graphml+xml", lambda g, lang: to_graphml(g),
           "GraphML (yEd, Cytoscape, Gephi, networkx)"),
    Format("gexf", ".gexf", "application/gexf+xml", to_gexf, "GEXF with colours per label (Gephi)"),
    Format("json", ".json", "application/json", lambda g, lang: to_json(g),
           "node-link JSON (networkx; links use from/to, as source is a citation)"),
    Format("csv", ".zip", "application/zip", lambda g, lang: to_csv_zip(g),
           "nodes.csv + relationships.csv for neo4j-admin import or LOAD CSV, and spreadsheet-safe tables "
           "for people (zipped)"),
    Format("cypher", ".cypher", "text/plain", lambda g, lang: cypher_script(g).encode("utf-8"),
           "Cypher script: constraints, then MERGE statements"),
    Format("html", ".html", "text/html", to_html, "standalone interactive page (works offline)"),
    Format("png", ".png", "image/png", lambda g, lang: picture(g, "png", lang), "picture (PNG)"),
    Format("svg", ".svg", "image/svg+xml", lambda g, lang: picture(g, "svg", lang), "picture (SVG)"),
)}


def writable(graph: ScenarioGraph) -> None:
    """Refuse (InputRejected, naming the node) a graph holding a character no export format can carry. Validated
    data never does; this guards graphs read from a database that other tools filled."""
    for n, a in graph.g.nodes(data=True):
        bad = unwritable(a) or unwritable(n)
        if bad:
            raise InputRejected(f"node {n!r} cannot be exported: it holds {bad}; fix it in the data "
                                "(`scenegraph validate` names every such text)")
    for u, v, a in graph.g.edges(data=True):
        bad = unwritable(a)
        if bad:
            raise InputRejected(f"relationship {u!r} -> {v!r} cannot be exported: it holds {bad}")
    bad = unwritable(graph.sources)
    if bad:
        raise InputRejected(f"a source cannot be exported: it holds {bad}")


def export(graph: ScenarioGraph, fmt: str, lang: str = "zh") -> bytes:
    try:
        spec = FORMATS[fmt]
    except KeyError:
        raise InputRejected(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}") from None
    writable(graph)
    started = time.perf_counter()
    body = spec.write(graph, lang)
    log.info("exported %d nodes as %s (%d bytes) in %.2f s", len(graph), fmt, len(body), time.perf_counter() - started)
    return body
