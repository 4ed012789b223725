"""What the interactive network shows, as plain data: which nodes fit under the cap (the rest folded into one
summary node per stage, domain or label, never dropped silently), where each node sits (computed here, so the
browser runs no physics and the view appears still), and the JSON the vis-network component draws.

Layouts:
- "layered" (default) follows the chain: one row per stage in chain order, the stage first, then its processes
  and scenarios beside it; reference scenarios, domains, models, technologies, KPIs, targets, requirements and
  factories each get their own band to the right, every node at the height of what it connects to.
- "force": a spring layout (cached by the caller), for seeing clusters.
- "ego": the focus in the middle, one ring per hop.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from scenegraph.base.i18n import pick, short_lines, t
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import LABELS, MATURITY_LEVELS
from scenegraph.graph.words import label_count, label_name, rel_phrase

__all__ = ["LAYOUTS", "BANDS", "Folded", "Places", "Summary", "fold", "places_of", "positions",
           "edges_of", "view_data", "wrap_label", "SUMMARY_PREFIX"]

LAYOUTS = ("layered", "force", "ego")
#: bands (columns) of the layered layout, left to right; the first three are laid out per stage row
BANDS: tuple[tuple[str, ...], ...] = (
    ("Stage",), ("Process",), ("Scenario",), ("ReferenceScenario", "Domain"), ("AIModel",), ("Technology",),
    ("KPI",), ("Target", "Fact"), ("Requirement",), ("Factory",),
)
_STAGED = {"Stage", "Process", "Scenario"}
SUMMARY_PREFIX = "~"
CELL_W, CELL_H, BAND_GAP, ROW_GAP = 180.0, 70.0, 60.0, 22.0
#: rows one stage may take in a band before the band gets another sub-column
ROWS_PER_STAGE = 3
#: the canvas's width over its height (the page's main column, 640 px high); a layered drawing much further from
#: it than its quarter turn is turned
CANVAS_ASPECT, TURN_MARGIN = 1.4, 0.4
#: turned, bands are this much further apart than the rows inside a band
TURNED_BAND_STRETCH = 1.25

#: fill (pale) and border (strong) per label: dark text on a pale box stays readable at any zoom
PALETTE: dict[str, tuple[str, str]] = {
    "Stage": ("#d6e6f5", "#1f5f99"),
    "Process": ("#e8f1fa", "#6b9bc8"),
    "Domain": ("#ece4f5", "#7b57a8"),
    "ReferenceScenario": ("#f1ecf7", "#9f86c0"),
    "Scenario": ("#fdebd6", "#d9730d"),
    "AIModel": ("#f8dede", "#b42323"),
    "Technology": ("#efe4df", "#7a4b3a"),
    "KPI": ("#dff2df", "#2a8a2a"),
    "Target": ("#cfe8cf", "#0b5d0b"),
    "Fact": ("#eef7ee", "#5a9a5a"),
    "Requirement": ("#ececec", "#666666"),
    "Factory": ("#d9f3f6", "#0f8a99"),
}
assert set(PALETTE) == set(LABELS), "every label needs a colour"
FOCUS = ("#ffe082", "#111111")
@dataclass(frozen=True)
class Summary:
    """Nodes of one label and one place (a stage, a domain, or nowhere) that did not fit under the cap."""

    id: str
    label: str
    place: str | None
    members: tuple[str, ...]


@dataclass(frozen=True)
class Folded:
    """The nodes drawn one by one, and summaries standing for the rest."""

    ids: tuple[str, ...]
    summaries: tuple[Summary, ...] = ()
    distance: Mapping[str, int] = field(default_factory=dict)

    @property
    def hidden(self) -> int:
        return sum(len(s.members) for s in self.summaries)


@dataclass(frozen=True)
class Places:
    """Where nodes belong, read from the whole graph (a view's subgraph may lack the process that places a
    scenario): the first stage in chain order, else the first domain, and the chain order of the stages."""

    stage_order: tuple[str, ...] = ()
    stage: Mapping[str, str] = field(default_factory=dict)
    domain: Mapping[str, str] = field(default_factory=dict)

    def of(self, node_id: str, label: str) -> str | None:
        """The place a node is folded into (stages and domains are places themselves: none)."""
        if label in ("Stage", "Domain"):
            return None
        return self.stage.get(node_id) or self.domain.get(node_id)


def places_from(stage_order: Iterable[str], domain_order: Iterable[str],
                filter_nodes: Callable[..., list[str]]) -> Places:
    """Each node's stage (first in chain order) and domain (first in domain order), by any reader's filters:
    the one rule for a graph in memory (places_of) and for the configured store (the network page)."""
    order = tuple(stage_order)
    stage: dict[str, str] = {}
    for s in order:
        for n in filter_nodes(stages=[s]):
            stage.setdefault(n, s)
    domain: dict[str, str] = {}
    for d in domain_order:
        for n in filter_nodes(domains=[d]):
            domain.setdefault(n, d)
    return Places(order, stage, domain)


def places_of(graph: ScenarioGraph) -> Places:
    """Places from a whole graph in memory."""
    return places_from(graph.ordered("Stage"), graph.ordered("Domain"), graph.filter_nodes)


#: labels whose names stay legible however far a big drawing is zoomed out (the browser writes them over the
#: drawing at a fixed size once node labels get too small to read): where each stage is, where the targets are
LANDMARKS = ("Stage", "Target")

#: labels drawn one by one before anything else is (only a cap smaller than their count folds them)
NEVER_FOLDED = ("Target", "KPI")
#: drawn next, before any scenario: a stage anchors its row in the layered layout, so a better-connected scenario
#: must not fold it away (17 nodes)
ANCHORS = ("Stage",)


def fold(graph: ScenarioGraph, ids: Iterable[str], cap: int, focus: str | None = None,
         distance: Mapping[str, int] | None = None, places: Places | None = None) -> Folded:
    """At most `cap` drawn items: the most relevant nodes (the focus, nearer nodes, better connected, more
    important; ties by id) one by one, and one summary per (label, stage or domain) for the rest."""
    chosen = [n for n in dict.fromkeys(ids) if n in graph]
    dist = dict(distance or {})
    if len(chosen) <= cap:
        return Folded(tuple(chosen), (), dist)
    inside = set(chosen)

    def rank(n: str) -> tuple:  # at each distance, policy targets and KPIs first: few, and what a planner reads
        degree = sum(1 for m in (*graph.g.succ[n], *graph.g.pred[n]) if m in inside)  # the graph for
        label = graph.label(n)
        tier = 0 if label in NEVER_FOLDED else 1 if label in ANCHORS else 2
        return (n != focus, dist.get(n, 0), tier, -degree, -graph.g.nodes[n].get("importance", 0), n)

    ranked = sorted(chosen, key=rank)
    never = sum(1 for n in chosen if graph.label(n) in NEVER_FOLDED)
    places = places or places_of(graph)
    where = {n: places.of(n, graph.label(n)) for n in ranked}
    # the finest grouping whose summaries leave most of the cap to real nodes: by label and place, by place,
    # by label (at most one summary per label)
    for grain in ("label+place", "place", "label"):
        key = {n: (graph.label(n) if grain != "place" else "", where[n] if grain != "label" else None)
               for n in ranked}
        kept = max(1, cap - 1)
        for _ in range(8):  # shrink until kept nodes plus the summaries of the rest fit
            groups = {key[n] for n in ranked[kept:]}
            if kept + len(groups) <= cap or kept == 1:
                break
            kept = max(1, cap - len(groups))
        if len(groups) <= cap // 3 and kept >= min(never, cap - 1):  # and targets and KPIs all drawn
            break
    members: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for n in ranked[kept:]:
        members[key[n]].append(n)
    summaries = tuple(Summary(f"{SUMMARY_PREFIX}{label}@{place or ''}", label, place, tuple(sorted(ms)))
                      for (label, place), ms in sorted(members.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")))
    return Folded(tuple(ranked[:kept]), summaries, dist)


# ---------------------------------------------------------------- layouts


def _labels_of(graph: ScenarioGraph, folded: Folded) -> dict[str, str]:
    out = {n: graph.label(n) for n in folded.ids}
    for s in folded.summaries:  # a summary of a whole place sits with that place's scenarios (or the KPIs)
        out[s.id] = s.label or ("Scenario" if s.place and graph.label(s.place) == "Stage" else
                                "ReferenceScenario" if s.place else "KPI")
    return out


def _layered(graph: ScenarioGraph, folded: Folded,
             places: Places) -> tuple[dict[str, tuple[float, float]], list[dict]]:
    """Positions, and the stage rows (for the shaded bands the browser draws behind them)."""
    labels = _labels_of(graph, folded)
    stage_rank = {s: i for i, s in enumerate(places.stage_order)}
    row_of: dict[str, str | None] = {}
    for n, label in labels.items():
        if label not in _STAGED:
            continue
        if n.startswith(SUMMARY_PREFIX):
            place = next(s.place for s in folded.summaries if s.id == n)  # noqa: B023 (used at once)
            row_of[n] = place if place in stage_rank else None
        else:
            row_of[n] = n if labels[n] == "Stage" else places.stage.get(n)
    bands = [b for b in BANDS if any(label in b for label in labels.values())]
    # per stage row and band: the nodes, in a stable order (importance first, then id)
    cells: dict[tuple[str | None, int], list[str]] = defaultdict(list)
    for n, row in row_of.items():
        band = next(i for i, b in enumerate(bands) if labels[n] in b)
        cells[(row, band)].append(n)
    for ns in cells.values():
        ns.sort(key=lambda n: (n.startswith(SUMMARY_PREFIX), -graph.g.nodes[n].get("importance", 0)
                               if n in graph else 0, n))
    staged_bands = [i for i, b in enumerate(bands) if set(b) & _STAGED]
    cols = {i: max(1, math.ceil(max((len(ns) for (_, b), ns in cells.items() if b == i), default=1)
                                / ROWS_PER_STAGE)) for i in staged_bands}
    rows_used = sorted({row for row, _ in cells}, key=lambda r: stage_rank.get(r, 10_000) if r else 10_001)
    pos: dict[str, tuple[float, float]] = {}
    band_x: dict[int, float] = {}
    x = 0.0
    for i in staged_bands:  # the staged bands come first in BANDS
        band_x[i] = x
        x += cols[i] * CELL_W + BAND_GAP
    y = 0.0
    rows: list[dict] = []
    for row in rows_used:
        height = max(1, *(math.ceil(len(cells.get((row, i), ())) / cols[i]) for i in staged_bands))
        for i in staged_bands:
            for j, n in enumerate(cells.get((row, i), ())):
                pos[n] = (band_x[i] + (j % cols[i]) * CELL_W, y + (j // cols[i]) * CELL_H)
        rows.append({"id": row, "y0": y - CELL_H / 2 - ROW_GAP / 2, "y1": y + (height - 0.5) * CELL_H + ROW_GAP / 2})
        y += height * CELL_H + ROW_GAP
    # no stage rows (only models, KPIs, ...): bands about as tall as the square root of the count
    total = y if rows else CELL_H * max(4, math.ceil(math.sqrt(len(labels)) * 1.5))
    # unstaged bands: each node at the mean height of what it touches, spread out so none overlap
    adjacency = _adjacency(graph, folded)
    for i, band_labels in enumerate(bands):
        if i in cols:
            continue
        members = sorted((n for n, label in labels.items() if label in band_labels), key=lambda n: (labels[n], n))
        ideal = {}
        for n in members:
            ys = [pos[m][1] for m in adjacency.get(n, ()) if m in pos]
            ideal[n] = sum(ys) / len(ys) if ys else total
        k = max(1, math.ceil(len(members) * CELL_H / max(total, CELL_H)))
        free = [-math.inf] * k
        for n in sorted(members, key=lambda n: (ideal[n], n)):
            c = min(range(k), key=lambda c: (max(ideal[n], free[c]), c))
            yy = max(ideal[n], free[c])
            pos[n] = (x + c * CELL_W, yy)
            free[c] = yy + CELL_H
        x += k * CELL_W + BAND_GAP
    return pos, rows


def _adjacency(graph: ScenarioGraph, folded: Folded) -> dict[str, set[str]]:
    """Neighbours among the drawn items, a folded node standing for its summary."""
    proxy = {n: n for n in folded.ids}
    for s in folded.summaries:
        proxy.update(dict.fromkeys(s.members, s.id))
    out: dict[str, set[str]] = defaultdict(set)
    for u, v in graph.g.edges():
        a, b = proxy.get(u), proxy.get(v)
        if a and b and a != b:
            out[a].add(b)
            out[b].add(a)
    return out


def _force(graph: ScenarioGraph, folded: Folded, places: Places) -> dict[str, tuple[float, float]]:
    g: nx.Graph[str] = nx.Graph()
    g.add_nodes_from(_labels_of(graph, folded))
    for a, bs in _adjacency(graph, folded).items():
        g.add_edges_from((a, b) for b in bs)
    scale = 90.0 * math.sqrt(max(1, len(g)))
    start, _ = _layered(graph, folded, places)  # a good start: fewer iterations settle it
    pos = nx.spring_layout(g, pos={n: (x / 1000, y / 1000) for n, (x, y) in start.items()}, seed=7, iterations=25,
                           scale=scale, k=1.6 / math.sqrt(max(1, len(g))))
    return {n: (float(x) * 1.6, float(y)) for n, (x, y) in pos.items()}


def _ego(graph: ScenarioGraph, folded: Folded, focus: str) -> dict[str, tuple[float, float]]:
    labels = _labels_of(graph, folded)
    dist = folded.distance
    rings: dict[int, list[str]] = defaultdict(list)
    for n in labels:
        d = 0 if n == focus else dist.get(n, max(dist.values(), default=0) + 1)
        if n != focus and d == 0:
            d = 1
        rings[d].append(n)
    order = {label: i for i, label in enumerate(LABELS)}
    pos = {}
    for d, ns in rings.items():
        if d == 0:
            pos.update({n: (0.0, 0.0) for n in ns})
            continue
        ns.sort(key=lambda n: (order.get(labels[n], 99), n))
        radius = max(d * 260.0, len(ns) * CELL_W / (2 * math.pi) * 0.9)
        for j, n in enumerate(ns):
            a = 2 * math.pi * j / len(ns) - math.pi / 2
            pos[n] = (radius * math.cos(a) * 1.3, radius * math.sin(a))
    return pos


def _aspect(pos: Mapping[str, tuple[float, float]]) -> float:
    """Width over height of the drawing, boxes included."""
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    return (max(xs) - min(xs) + CELL_W) / (max(ys) - min(ys) + CELL_H)


def _turned(pos: dict[str, tuple[float, float]],
            rows: list[dict]) -> tuple[dict[str, tuple[float, float]], list[dict]]:
    """The layered drawing turned a quarter: bands become rows (top to bottom along BANDS), stages columns (left to
    right along the chain). A cell's width becomes a row's height and the other way round; bands a little further
    apart than the rows inside one, so each still reads as one."""
    across, down = CELL_W / CELL_H, CELL_H / CELL_W * TURNED_BAND_STRETCH
    return ({n: (y * across, x * down) for n, (x, y) in pos.items()},
            [{"id": r["id"], "x0": r["y0"] * across, "x1": r["y1"] * across} for r in rows])


def positions(graph: ScenarioGraph, folded: Folded, layout: str = "layered", focus: str | None = None,
              places: Places | None = None) -> tuple[dict[str, tuple[float, float]], list[dict]]:
    """Where each drawn item sits, and (layered only) the stage rows, or columns when the drawing is turned: a
    view of few stages and many bands (a node's neighbourhood) is a long strip, wider than any screen at a
    readable zoom, so it is turned when that brings its shape nearer the canvas's."""
    places = places or places_of(graph)
    if layout == "force":
        return _force(graph, folded, places), []
    if layout == "ego" and focus and focus in folded.ids:
        return _ego(graph, folded, focus), []
    pos, rows = _layered(graph, folded, places)
    if len(pos) < 2:
        return pos, rows
    turned = _turned(pos, rows)
    off = (abs(math.log(_aspect(p) / CANVAS_ASPECT)) for p in (pos, turned[0]))
    return turned if next(off) > next(off) + TURN_MARGIN else (pos, rows)


# ---------------------------------------------------------------- payload


def wrap_label(text: str) -> str:
    """At most three short lines (so boxes never overlap their neighbours); the tooltip keeps the whole name."""
    return "\n".join(short_lines(text, 18, 3))


def _tooltip(graph: ScenarioGraph, node_id: str, lang: str) -> str:
    a = graph.node(node_id)
    lines = [a["name_zh"], a["name_en"], f"{label_name(a['label'], lang)} · {node_id}"]
    if "level" in a:  # in words: "L3 · 4" said nothing to a reader; "maturity level 3 of 5 (integrated)"
        word = pick(lang, *MATURITY_LEVELS[a["level"]]) if a["level"] in MATURITY_LEVELS else "—"
        bits = [t("net_tip_level", lang).format(n=a["level"], word=word)]
        if a.get("importance") is not None:
            bits.append(t("net_tip_importance", lang).format(n=a["importance"]))
        lines.append(" · ".join(bits))
    return "\n".join(lines)


def view_data(graph: ScenarioGraph, folded: Folded, lang: str,
              layout: str = "layered", focus: str | None = None, size_by: str = "importance",
              pos: tuple[dict[str, tuple[float, float]], list[dict]] | None = None) -> dict:
    """The JSON the component draws, compact because it crosses the socket on every new view (the whole graph:
    2,300 relationships): nodes (with x, y and a font size; colours by group from `palette`), relationships as
    [from, to, phrase] positions into `nodes` and `phrases` (phrase -1: a dashed link to a folded group), stage
    rows and legend entries. The browser component (ui/vis_network/frontend/main.js) expands it; `edges_of` reads
    the relationships back."""
    where, rows = pos if pos is not None else positions(graph, folded, layout, focus)
    degree = dict(graph.g.degree(folded.ids))
    name = pick(lang, "name_zh", "name_en")
    nodes = []
    for n in folded.ids:
        a = graph.g.nodes[n]
        weight = a.get("importance", 2) if size_by == "importance" else min(5, 1 + degree.get(n, 0) // 4)
        x, y = where.get(n, (0.0, 0.0))
        nodes.append({"id": n, "label": wrap_label(a[name]), "x": round(x, 1), "y": round(y, 1),
                      "size": 12 + min(4, 2 * max(0, weight - 2)), "title": _tooltip(graph, n, lang),
                      "group": a["label"], **({"mark": a[name]} if a["label"] in LANDMARKS else {})})
    for s in folded.summaries:
        border = PALETTE.get(s.label, ("", "#555555"))[1]
        place = graph.name(s.place, lang) if s.place and s.place in graph else "—"
        what = label_count(s.label, len(s.members), lang) if s.label else \
            t("net_summary_nodes", lang).format(count=len(s.members))
        text = f"{place} · {what}" if s.place else what
        x, y = where.get(s.id, (0.0, 0.0))
        nodes.append({"id": s.id, "label": wrap_label(text), "x": round(x, 1), "y": round(y, 1),
                      "color": {"background": "#ffffff", "border": border}, "borderWidth": 2,
                      "shapeProperties": {"borderDashes": [5, 4]}, "font": {"size": 13, "color": border},
                      "title": text, "group": s.label, "summary": True})
    at = {nd["id"]: i for i, nd in enumerate(nodes)}
    drawn = set(folded.ids)
    phrases: dict[str, int] = {}
    links = []
    shown = [(u, v, typ) for u, v, typ, _ in graph.edges() if u in drawn and v in drawn]
    for u, v, typ in shown:  # relationships in words of the interface language
        links.append([at[u], at[v], phrases.setdefault(rel_phrase(typ, True, lang), len(phrases))])
    adjacency = _adjacency(graph, folded)
    for s in folded.summaries:
        links.extend([at[m], at[s.id], -1] for m in sorted(adjacency.get(s.id, ())) if m in drawn)
    present = [label for label in LABELS if any(nd["group"] == label for nd in nodes)]
    legend = [{"label": label_name(label, lang), "fill": PALETTE[label][0], "border": PALETTE[label][1]}
              for label in present]
    return {"nodes": nodes, "links": links, "phrases": list(phrases), "edge_labels": len(shown) <= 12,
            "palette": {label: {"background": PALETTE[label][0], "border": PALETTE[label][1]} for label in present},
            "focus_color": {"background": FOCUS[0], "border": FOCUS[1]},
            "rows": rows, "legend": legend, "focus": focus if focus in drawn else None}


def edges_of(data: dict) -> list[dict]:
    """The relationships of a view_data payload as the browser draws them: {from, to, title} or, for a link to a
    folded group, {from, to, dashes: True}."""
    ids = [n["id"] for n in data["nodes"]]
    return [{"from": ids[i], "to": ids[j], **({"dashes": True} if k < 0 else {"title": data["phrases"][k]})}
            for i, j, k in data["links"]]
