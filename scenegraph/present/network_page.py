"""Network pictures of a (sub)graph: pyvis HTML that works offline, one colour and shape per label, a legend.

pyvis inlines vis-network with cdn_resources="in_line" but still links Bootstrap from a CDN: every external
<script src> and <link href> is removed, so the page never reaches the internet. Physics is capped (200
stabilisation iterations, straight edges, no improved layout) and switched off once stable, so large views
settle in about a second instead of never; `window.scenegraphSettled` then holds the time it took.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from scenegraph.base.i18n import pick
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import LABELS
from scenegraph.graph.words import rel_phrase

__all__ = ["LABEL_STYLE", "PHYSICS_LIMIT", "View", "layout", "legend_items", "network_html", "select_view"]

#: above this many nodes the browser's physics never settles: positions are computed here and physics is off
PHYSICS_LIMIT = 600

#: colour and vis.js shape per label
LABEL_STYLE: dict[str, tuple[str, str]] = {
    "Stage": ("#1f77b4", "box"),
    "Process": ("#aec7e8", "dot"),
    "Domain": ("#9467bd", "hexagon"),
    "ReferenceScenario": ("#c5b0d5", "diamond"),
    "Scenario": ("#ff7f0e", "dot"),
    "AIModel": ("#d62728", "triangle"),
    "Technology": ("#8c564b", "square"),
    "KPI": ("#2ca02c", "star"),
    "Target": ("#006400", "star"),
    "Fact": ("#98df8a", "star"),
    "Requirement": ("#7f7f7f", "triangleDown"),
    "Factory": ("#17becf", "square"),
}
assert set(LABEL_STYLE) == set(LABELS), "every label needs a style"

_TAGS = re.compile(r"(<script\b[^>]*>.*?</script\s*>)|(<link\b[^>]*>)", re.IGNORECASE | re.DOTALL)
_LOADS = re.compile(r"\b(?:src|href)\s*=", re.IGNORECASE)
#: pyvis's commented-out local vis.js tags (a plain <!-- --> pattern would also hit strings inside vis.js)
_COMMENT = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.DOTALL)
_SOURCE_MAP = re.compile(r"//# sourceMappingURL=[^\s<]+")

OPTIONS = """{
  "physics": {"enabled": %(physics)s, "solver": "forceAtlas2Based",
              "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90},
              "stabilization": {"enabled": true, "iterations": 200, "updateInterval": 50, "fit": true}},
  "layout": {"improvedLayout": false},
  "edges": {"smooth": false, "arrows": {"to": {"enabled": true, "scaleFactor": 0.5}},
            "color": {"color": "#bbbbbb", "highlight": "#555555"}, "font": {"size": 9, "color": "#777777"}},
  "nodes": {"font": {"size": 13}},
  "interaction": {"hover": true, "tooltipDelay": 120, "navigationButtons": false}
}"""

_SETTLE = """<script type="text/javascript">
(function () {
  var t0 = performance.now();
  function settled() { window.scenegraphSettled = performance.now() - t0;
                       document.body.setAttribute("data-settled", "1"); }
  if (!network.physics.options.enabled) { settled(); return; }
  network.once("stabilizationIterationsDone", function () { network.setOptions({physics: false}); settled(); });
})();
</script>"""


@dataclass(frozen=True)
class View:
    """The nodes to draw, and how many of the selection did not fit under the cap."""

    ids: tuple[str, ...]
    hidden: int


def select_view(graph: ScenarioGraph, ids: Iterable[str], cap: int, focus: str | None = None,
                distance: Mapping[str, int] | None = None) -> View:
    """At most `cap` of `ids`, the most relevant first: the focus, then nearer nodes, then better connected
    ones (degree within the selection), then higher importance; ties by id."""
    chosen = list(dict.fromkeys(ids))
    if len(chosen) <= cap:
        return View(tuple(chosen), 0)
    inside = set(chosen)
    dist = distance or {}

    def rank(n: str) -> tuple:
        degree = sum(1 for m in (*graph.g.succ[n], *graph.g.pred[n]) if m in inside)
        return (n != focus, dist.get(n, 0), -degree, -graph.g.nodes[n].get("importance", 0), n)

    kept = sorted(chosen, key=rank)[:cap]
    return View(tuple(kept), len(chosen) - cap)


def layout(graph: ScenarioGraph, scale: float = 1000.0) -> dict[str, tuple[float, float]]:
    """Positions: a force layout up to PHYSICS_LIMIT nodes; beyond, one column per label (nodes sorted by id),
    which is instant at any size and still shows what is what."""
    if len(graph) <= PHYSICS_LIMIT:
        pos = nx.spring_layout(graph.g.to_undirected(as_view=True), seed=7, iterations=60, scale=scale)
        return {n: (float(x), float(y)) for n, (x, y) in pos.items()}
    columns = [label for label in LABELS if graph.ids(label)]
    out = {}
    for i, label in enumerate(columns):
        ids = sorted(graph.ids(label))
        per_col = max(1, int(len(ids) ** 0.5 / 2))  # wide labels get sub-columns
        for j, n in enumerate(ids):
            out[n] = (scale * (i * 3 + (j % per_col) / per_col * 2.5),
                      scale * 3 * (j // per_col) / max(1, len(ids) // per_col))
    return out


def _tooltip(graph: ScenarioGraph, node_id: str) -> str:
    """Plain text (vis-network shows string titles as text, never as HTML)."""
    a = graph.node(node_id)
    lines = [a["name_zh"], a["name_en"], f"{a['label']} · {node_id}"]
    if "level" in a:
        lines.append(f"level {a['level']} · importance {a.get('importance', '-')}"
                     + (f" · evidence grade {a['evidence_grade']}" if a.get("evidence_grade") else ""))
    return "\n".join(lines)


def legend_items(labels: Iterable[str]) -> list[tuple[str, str, str]]:
    return [(label, *LABEL_STYLE[label]) for label in LABELS if label in set(labels)]


def _legend_html(graph: ScenarioGraph, lang: str, hidden: int, hidden_note: str) -> str:
    present = {graph.label(n) for n in graph.g.nodes}
    names = {cls.LABEL: (cls.NAME_ZH, cls.LABEL) for cls in LABELS.values()}
    items = "".join(
        f"<span style='margin-right:12px;white-space:nowrap'><span style='display:inline-block;width:11px;"
        f"height:11px;border-radius:2px;background:{colour};margin-right:4px'></span>"
        f"{html.escape(pick(lang, *names[label]))}</span>"
        for label, colour, _ in legend_items(present))
    note = f"<div style='color:#b45309'>{html.escape(hidden_note)}</div>" if hidden else ""
    return (f"<div id='legend' style='font:12px system-ui,sans-serif;padding:4px 8px;color:#333'>{items}{note}"
            f"</div>")


def _drop_external(m: re.Match) -> str:
    """Script and link tags that load something (a CDN, a relative path) go; inline scripts stay."""
    tag = m.group(0)
    opening = tag[: tag.index(">") + 1]
    return "" if _LOADS.search(opening) else tag


def network_html(graph: ScenarioGraph, lang: str = "zh", size_by: str = "importance", focus: str | None = None,
                 height: int = 640, hidden: int = 0, hidden_note: str = "", physics: bool = True,
                 positions: Mapping[str, tuple[float, float]] | None = None) -> str:
    """A standalone page drawing every node and relationship of `graph` (take a subgraph first)."""
    if positions is None and len(graph) > PHYSICS_LIMIT:
        positions = layout(graph)
    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line")
    degree = dict(graph.g.degree())
    # rows go straight into pyvis's lists: its add_node / add_edge check membership in lists, which is
    # quadratic (21k relationships took 4 minutes); ids are unique here already
    for n, a in graph.g.nodes(data=True):
        colour, shape = LABEL_STYLE[a["label"]]
        weight = a.get("importance", 2) if size_by == "importance" else min(12, 1 + degree.get(n, 0) / 3)
        extra = {"x": positions[n][0], "y": positions[n][1]} if positions and n in positions else {}
        node = Node(n, shape, label=pick(lang, a["name_zh"], a["name_en"]), color=colour,
                    font_color=net.font_color, title=_tooltip(graph, n), size=8 + 3 * weight,
                    borderWidth=3 if n == focus else 1, **extra).options
        net.nodes.append(node)
        net.node_ids.append(n)
        net.node_map[n] = node
    few = graph.g.number_of_edges() <= 30
    # relationships in words of the page's language ("improves", 改善的指标), never the schema's key
    net.edges.extend(Edge(u, v, True, title=rel_phrase(t, True, lang),
                          **({"label": rel_phrase(t, True, lang)} if few else {})).options
                     for u, v, t, _ in graph.edges())
    net.set_options(OPTIONS % {"physics": "true" if physics and not positions else "false"})
    page = net.generate_html(notebook=False)
    page = _COMMENT.sub("", page)
    page = _TAGS.sub(_drop_external, page)
    page = _SOURCE_MAP.sub("", page)
    page = page.replace("<center>\n<h1></h1>\n</center>", "")
    page = page.replace("<body>", "<body style='margin:0'>" + _legend_html(graph, lang, hidden, hidden_note), 1)
    return page.replace("</body>", _SETTLE + "\n</body>", 1)
