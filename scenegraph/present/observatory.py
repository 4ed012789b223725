"""The observatory's words in the UI language: group names, figures (plotly), the CSV and the printable brief.
Pure functions, no Streamlit."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import plotly.graph_objects as go
from jinja2 import Environment, select_autoescape

from scenegraph.assess.model import level_name
from scenegraph.base.i18n import Lang, pick, t
from scenegraph.base.inert import plotly
from scenegraph.base.spreadsheet import safe_cell
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.observatory.model import NO_REGION, GraphFacts
from scenegraph.observatory.publish import Pooled
from scenegraph.observatory.views import Brief, ChangeRow, DistributionRow

__all__ = ["brief_blocks", "brief_csv", "brief_html", "change_figure", "change_table", "distribution_figure",
           "distribution_table", "goal_figure", "goal_table", "group_name", "lag_figure", "lag_table",
           "potential_figure", "potential_table", "potential_targets_table", "target_limits"]

LEVEL_COLOURS = ("#d9d9d9", "#c6dbef", "#9ecae1", "#4292c6", "#2171b5", "#08306b")
_SEGMENTS = ("upstream", "midstream", "downstream", "recycling", "cross_cutting")


def group_name(dimension: str, key: str, facts: GraphFacts, lang: Lang) -> str:
    if dimension == "overall" or key == "all":
        return t("obs_dim_overall", lang)
    if dimension == "stage":
        return facts.name(key, lang)
    if dimension == "segment" and key in _SEGMENTS:
        return t(f"obs_seg_{key}", lang)
    if dimension == "region" and key == NO_REGION:
        return t("obs_no_region", lang)
    return key


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _num(x: float | None, signed: bool = False) -> str:
    return "—" if x is None else (f"{x:+.2f}" if signed else f"{x:.2f}")


def distribution_figure(rows: list[DistributionRow], dimension: str, facts: GraphFacts, lang: Lang) -> go.Figure:
    """Stacked shares of enterprises per level, one bar per group shown (suppressed groups are left out)."""
    shown = [(r, r.counts) for r in rows if r.counts is not None]
    # names are data (a region is typed by an enterprise) and plotly reads HTML in tick labels: made inert
    names = [f"{plotly(group_name(dimension, r.key, facts, lang))} (n={r.n})" for r, _ in shown]
    fig = go.Figure([
        go.Bar(name=f"{level} {level_name(level, lang)}", y=names, x=[c[level] / r.n for r, c in shown],
               orientation="h", marker_color=LEVEL_COLOURS[level],
               text=[f"{100 * c[level] / r.n:.0f}%" if c[level] / r.n >= 0.04 else "" for r, c in shown],
               textposition="inside")
        for level in range(6)
    ])
    fig.update_layout(barmode="stack", xaxis={"tickformat": ".0%", "range": [0, 1]},
                      yaxis={"autorange": "reversed", "automargin": True}, height=max(260, 34 * len(shown) + 120),
                      legend={"orientation": "h", "y": -0.15}, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      title=t("obs_distribution", lang))
    return fig


def goal_figure(b: Brief, lang: Lang) -> go.Figure:
    rows = [r for r in b.goals if r.share is not None]
    names = [plotly(group_name("stage", r.stage, b.facts, lang)) for r in rows]
    fig = go.Figure(go.Bar(x=names, y=[r.share for r in rows], text=[_pct(r.share) for r in rows],
                           textposition="outside",
                           marker_color=["#2ca02c" if r.meets else "#d62728" for r in rows]))
    fig.add_hline(y=b.goal.share, line_dash="dash", line_color="#444",
                  annotation_text=f"{t('obs_goal', lang)} {_pct(b.goal.share)}", annotation_position="top left")
    fig.update_layout(yaxis={"tickformat": ".0%", "range": [0, 1]}, xaxis={"automargin": True},
                      height=420, margin={"l": 10, "r": 10, "t": 40, "b": 10}, title=t("obs_goal_title", lang))
    return fig


def lag_figure(b: Brief, lang: Lang) -> go.Figure:
    rows = b.lagging[:15]
    fig = go.Figure(go.Bar(y=[plotly(b.facts.name(r.scenario, lang)) for r in rows], x=[r.score for r in rows],
                           orientation="h", text=[f"{r.score:.2f}" for r in rows], textposition="outside",
                           marker_color="#ff7f0e"))
    fig.update_layout(yaxis={"autorange": "reversed", "automargin": True}, height=max(300, 30 * len(rows) + 100),
                      margin={"l": 10, "r": 40, "t": 40, "b": 10}, title=t("obs_lagging", lang),
                      xaxis={"title": t("obs_lag_score", lang)})
    return fig


def change_figure(rows: list[ChangeRow], dimension: str, facts: GraphFacts, lang: Lang) -> go.Figure:
    shown = [r for r in rows if not r.suppressed]
    names = [plotly(group_name(dimension, r.key, facts, lang)) for r in shown]
    fig = go.Figure([
        go.Bar(name=t("obs_before", lang), x=names, y=[r.share_before for r in shown], marker_color="#9ecae1",
               text=[_pct(r.share_before) for r in shown], textposition="outside"),
        go.Bar(name=t("obs_after", lang), x=names, y=[r.share_after for r in shown], marker_color="#2171b5",
               text=[_pct(r.share_after) for r in shown], textposition="outside"),
    ])
    fig.update_layout(barmode="group", yaxis={"tickformat": ".0%", "range": [0, 1]}, height=400,
                      margin={"l": 10, "r": 10, "t": 40, "b": 10}, title=t("obs_share_goal", lang))
    return fig


# ---------------------------------------------------------------- tables shared by the page, CSV and brief


def distribution_table(b: Brief, dimension: str, lang: Lang) -> tuple[list[str], list[list[str]]]:
    header = [t("obs_group", lang), t("obs_n", lang), *(f"{lv} {level_name(lv, lang)}" for lv in range(6)),
              t("obs_mean_level", lang), t("obs_share_goal", lang)]
    rows = []
    for r in b.distributions[dimension]:
        name = group_name(dimension, r.key, b.facts, lang)
        if r.counts is None:  # suppressed
            rows.append([name, t("obs_suppressed", lang).format(k=b.k), *[""] * 6, "—", "—"])
        else:
            rows.append([name, str(r.n), *(_pct(c / r.n) for c in r.counts), _num(r.mean_level),
                         _pct(r.share_at_goal)])
    return header, rows


def lag_table(b: Brief, lang: Lang) -> tuple[list[str], list[list[str]]]:
    header = [t("scenarios", lang), t("obs_n", lang), t("obs_mean_level", lang), t("obs_mean_gap", lang),
              t("obs_share_below", lang), t("importance", lang), t("obs_policy_weight", lang),
              t("obs_lag_score", lang)]
    return header, [[b.facts.name(r.scenario, lang), str(r.n), _num(r.mean_level), _num(r.mean_gap),
                     _pct(r.share_below), str(r.importance), str(r.policy_weight), f"{r.score:.2f}"]
                    for r in b.lagging]


def goal_table(b: Brief, lang: Lang) -> tuple[list[str], list[list[str]]]:
    header = [t("stage", lang), t("obs_n", lang), t("obs_share_goal", lang), t("obs_goal", lang),
              t("obs_meets", lang)]
    rows = []
    for r in b.goals:
        meets = "—" if r.meets is None else t("obs_yes" if r.meets else "obs_no", lang)
        n = str(r.n) if r.share is not None else t("obs_suppressed", lang).format(k=b.k)
        rows.append([group_name("stage", r.stage, b.facts, lang), n, _pct(r.share), f"> {_pct(r.goal)}", meets])
    return header, rows


def change_table(rows: list[ChangeRow], dimension: str, facts: GraphFacts, k: int,
                 lang: Lang) -> tuple[list[str], list[list[str]]]:
    header = [t("obs_group", lang), f"{t('obs_n', lang)} ({t('obs_before', lang)})",
              f"{t('obs_n', lang)} ({t('obs_after', lang)})", f"{t('obs_mean_level', lang)} ({t('obs_before', lang)})",
              f"{t('obs_mean_level', lang)} ({t('obs_after', lang)})", t("obs_mean_delta", lang),
              f"{t('obs_share_goal', lang)} ({t('obs_before', lang)})",
              f"{t('obs_share_goal', lang)} ({t('obs_after', lang)})", t("obs_share_delta", lang)]
    hidden = t("obs_suppressed", lang).format(k=k)
    out = []
    for r in rows:
        n_a = str(r.n_before) if r.mean_before is not None else hidden
        n_b = str(r.n_after) if r.mean_after is not None else hidden
        out.append([group_name(dimension, r.key, facts, lang), n_a, n_b, _num(r.mean_before), _num(r.mean_after),
                    _num(r.mean_delta, True), _pct(r.share_before), _pct(r.share_after),
                    "—" if r.share_delta is None else f"{100 * r.share_delta:+.1f} pt"])
    return header, out


# ---------------------------------------------------------------- files


def _csv(blocks: list[tuple[str, list[str], list[list[str]]]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for title, header, rows in blocks:
        w.writerow([safe_cell(title)])
        w.writerow([safe_cell(h) for h in header])
        w.writerows([[safe_cell(c) for c in r] for r in rows])
        w.writerow([])
    return buf.getvalue()


def _as_of(b: Brief, lang: Lang) -> str:
    return f"{b.as_of:%Y-%m-%d}" if b.as_of else f"{datetime.now(UTC):%Y-%m-%d} ({t('obs_all', lang)})"


def _blocks(b: Brief, lang: Lang) -> list[tuple[str, list[str], list[list[str]]]]:
    meta = [[t("obs_as_of", lang), _as_of(b, lang)], [t("obs_enterprises", lang), str(b.enterprises)],
            [t("obs_k_note", lang).format(k=b.k), ""],
            [t("obs_goal", lang), t("obs_goal", lang) + t("colon", lang) + pick(lang, b.goal.text_zh, b.goal.text_en)],
            [t("obs_source", lang), b.goal.citation(lang)]]
    blocks = [(t("obs_brief_title", lang), ["", ""], meta)]
    for dim in ("overall", "stage", "region", "segment"):
        header, rows = distribution_table(b, dim, lang)
        blocks.append((f"{t('obs_distribution', lang)} · {t('obs_dim_' + dim, lang)}", header, rows))
    blocks.append((t("obs_goal_title", lang), *goal_table(b, lang)))
    blocks.append((t("obs_lagging", lang), *lag_table(b, lang)))
    return blocks


def brief_blocks(b: Brief, lang: Lang, change: tuple[str, list[ChangeRow]] | None = None
                 ) -> list[tuple[str, list[str], list[list[str]]]]:
    """Every table of the brief as (title, header, rows): what the CSV holds and the CLI prints."""
    blocks = _blocks(b, lang)
    if change is not None:
        dim, rows = change
        blocks.append((t("obs_change", lang), *change_table(rows, dim, b.facts, b.k, lang)))
    return blocks


def brief_csv(b: Brief, lang: Lang, change: tuple[str, list[ChangeRow]] | None = None) -> str:
    """Every table of the brief, one block after another (spreadsheet-safe cells, UTF-8)."""
    return _csv(brief_blocks(b, lang, change))


_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
_BRIEF = _ENV.from_string("""<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;max-width:1000px;margin:2em auto;
padding:0 1em;color:#222;font-size:14px}
h1{font-size:22px}h2{font-size:17px;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left}
th{background:#f1f3f6}.meta td:first-child{width:30%;color:#555}.note{color:#555;font-size:12px}
.bar{height:12px;background:#2171b5;display:inline-block;vertical-align:middle}
.goal{border-left:2px dashed #444}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}table{page-break-inside:auto}
tr{page-break-inside:avoid}}
</style></head><body>
<h1>{{ title }}</h1>
<table class="meta">{% for k, v in meta %}<tr><td>{{ k }}</td><td>{{ v }}</td></tr>{% endfor %}</table>
<p class="note">{{ intro }}</p>
{% for block in blocks %}<h2>{{ block.title }}</h2>
{% if block.bars %}<table><tr><th>{{ block.bars_header[0] }}</th><th>{{ block.bars_header[1] }}</th></tr>
{% for name, share, label in block.bars %}<tr><td>{{ name }}</td><td><span class="bar"
 style="width:{{ (share * 300) | round(0) | int }}px"></span> {{ label }}</td></tr>{% endfor %}</table>{% endif %}
<table><thead><tr>{% for h in block.header %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for row in block.rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}
</tbody></table>{% if block.note %}<p class="note">{{ block.note }}</p>{% endif %}
{% endfor %}
<p class="note">{{ source_label }}{{ colon }}{{ source }}</p>
</body></html>
""")


def brief_html(b: Brief, lang: Lang, change: tuple[str, list[ChangeRow]] | None = None) -> str:
    """A printable page in the UI language: the tables of the brief, bars drawn in HTML (no script, no CDN)."""
    blocks: list[dict[str, Any]] = []
    for dim in ("overall", "stage", "region", "segment"):
        header, rows = distribution_table(b, dim, lang)
        hidden = sum(r.suppressed for r in b.distributions[dim])
        blocks.append({"title": f"{t('obs_distribution', lang)} · {t('obs_dim_' + dim, lang)}", "header": header,
                       "rows": rows, "note": t("obs_suppressed_note", lang).format(n=hidden, k=b.k) if hidden else ""})
    header, rows = goal_table(b, lang)
    bars = [(group_name("stage", r.stage, b.facts, lang), r.share, f"{100 * r.share:.1f}%")
            for r in b.goals if r.share is not None]
    blocks.insert(1, {"title": t("obs_goal_title", lang), "header": header, "rows": rows, "bars": bars,
                      "bars_header": [t("stage", lang), t("obs_share_goal", lang)],
                      "note": t("obs_goal", lang) + t("colon", lang) + pick(lang, b.goal.text_zh, b.goal.text_en)})
    header, rows = lag_table(b, lang)
    blocks.append({"title": t("obs_lagging", lang), "header": header, "rows": rows,
                   "note": t("obs_lag_help", lang) + (" " + t("obs_lag_hidden", lang).format(
                       n=b.lagging_suppressed, k=b.k) if b.lagging_suppressed else "")})
    if change is not None:
        dim, crows = change
        header, rows = change_table(crows, dim, b.facts, b.k, lang)
        blocks.append({"title": f"{t('obs_change', lang)} · {t('obs_dim_' + dim, lang)}", "header": header,
                       "rows": rows})
    meta = [(t("obs_as_of", lang), _as_of(b, lang)), (t("obs_enterprises", lang), str(b.enterprises)),
            (t("obs_k_note", lang).format(k=b.k), ""),
            (t("obs_generated", lang), f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")]
    return _BRIEF.render(lang=lang, title=t("obs_brief_title", lang), meta=meta, blocks=blocks,
                         intro=t("obs_intro", lang).format(k=b.k), source_label=t("obs_source", lang),
                         colon=t("colon", lang), source=b.goal.citation(lang))


# ---------------------------------------------------------------- the pooled potential of saved plans


def _big(x: float) -> str:
    """A pooled figure, rounded to what a median of medians is worth (3 significant digits)."""
    return f"{float(f'{x:.3g}'):,.0f}" if abs(x) >= 100 else f"{x:,.1f}"


def potential_table(p: Pooled, dimension: str, lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Per group: enterprises, plans valued, and the pooled median a year in kWh, t CO2e and CNY (sums of each
    plan's median); a group not shown says why, never its figures."""
    header = [t("obs_group", lang), t("obs_n", lang), t("pot_valued", lang), t("pot_kwh", lang),
              t("pot_tco2e", lang), t("pot_cny", lang)]
    rows = []
    for r in p.rows.get(dimension, []):
        name = group_name(dimension, r.key, p.facts, lang)
        if r.totals is None:
            rows.append([name, str(r.n) if r.n >= p.k else t("obs_suppressed", lang).format(k=p.k),
                         t("pot_hidden", lang).format(k=p.k), "—", "—", "—"])
        else:
            rows.append([name, str(r.n), str(r.valued), _big(r.totals["kwh"]), _big(r.totals["tco2e"]),
                         _big(r.totals["cny"])])
    return header, rows


def potential_figure(p: Pooled, dimension: str, lang: Lang) -> go.Figure:
    """The pooled median kWh a year of the groups shown (hidden groups are left out)."""
    shown = [r for r in p.rows.get(dimension, []) if r.totals is not None]
    names = [f"{plotly(group_name(dimension, r.key, p.facts, lang))} (n={r.valued})" for r in shown]
    fig = go.Figure(go.Bar(y=names, x=[r.totals["kwh"] for r in shown], orientation="h",  # type: ignore[index]
                           marker_color=LEVEL_COLOURS[4]))
    fig.update_layout(yaxis={"autorange": "reversed", "automargin": True}, height=max(240, 34 * len(shown) + 120),
                      margin={"l": 10, "r": 10, "t": 40, "b": 10}, title=t("pot_kwh", lang))
    return fig


def potential_targets_table(p: Pooled, names: Callable[[str], str], lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Per 2027 target with a plant-level KPI: plans reporting the KPI, meeting the target today, with the plan."""
    header = [t("pot_target", lang), t("pot_reporting", lang), t("pot_meets_now", lang), t("pot_meets_plan", lang)]
    rows = []
    for r in p.targets:
        if r.reporting is None:
            rows.append([names(r.target), t("pot_hidden", lang).format(k=p.k), "—", "—"])
        else:
            rows.append([names(r.target), str(r.reporting), str(r.now), str(r.plan)])
    return header, rows


def target_limits(graph: ScenarioGraph, targets: list[str], lang: Lang) -> list[str]:
    """What the data says digital levers cannot do for each target counted (its digital limit), once each."""
    out = []
    for tid in dict.fromkeys(targets):
        note = graph.node(tid).get(f"digital_limit_{lang}") if tid in graph else None
        if note:
            out.append(f"{graph.name(tid, lang)}{t('colon', lang)}{note}")
    return out
