"""The assessment report as Markdown and as one self-contained HTML file (charts inlined, no CDN): the
presentation of an evaluation, kept out of `assess/` so scoring imports no chart code. The HTML comes from a
Jinja2 template with autoescape (templates/assessment_report.html).

Both are rendered from the same sections, so they never say different things.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go
from markupsafe import Markup

from scenegraph.assess.evaluate import Evaluation
from scenegraph.assess.model import level_name
from scenegraph.assess.value import plan_value, policy_distance, step_values
from scenegraph.base import inert
from scenegraph.base.i18n import Lang, t
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.words import effect_tier_text
from scenegraph.present import release_line, render
from scenegraph.present.charts import benchmark_bars, roadmap_timeline, score_radar
from scenegraph.present.value import (
    distance_header,
    distance_notes,
    distance_rows,
    total_line,
    value_header,
    value_rows,
)

__all__ = ["bold_runs", "charts", "report_html", "report_markdown", "roadmap_waves", "sections"]


@dataclass
class Section:
    title: str
    text: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    #: the node each row is about (a stage, domain, scenario or technology), where rows are about nodes: the page
    #: makes such rows open the node's detail
    ids: list[str] = field(default_factory=list)


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.0f}%"


def _rank(percentile: float | None) -> str:
    return "—" if percentile is None else f"P{percentile:.0f}"


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def _names(graph: ScenarioGraph, ids, lang: Lang) -> str:
    return t("list_sep", lang).join(graph.name(i, lang) for i in ids)


def sections(graph: ScenarioGraph, ev: Evaluation, lang: Lang) -> list[Section]:
    a, s = ev.assessment, ev.scores
    o, c = s.overall, t("colon", lang)
    head = Section(t("overall", lang), [
        f"{t('enterprise', lang)}{c}{a.name} ({a.enterprise_id})" + (f" · {a.region}" if a.region else ""),
        f"{t('assessed_at', lang)}{c}{a.at:%Y-%m-%d %H:%M} UTC",
        f"{t('stages_operated', lang)}{c}{_names(graph, a.stages, lang)}",
        f"{t('score', lang)}{c}**{o.score:.2f}** · {t('level', lang)}{c}**{o.level} {level_name(o.level, lang)}** · "
        f"{t('coverage', lang)}{c}{_pct(o.coverage)} ({o.answered}/{o.applicable})",
        f"{t('peer_median', lang)}{c}{_num(ev.benchmark.overall.median)} · {t('peer_best', lang)}{c}"
        f"{_num(ev.benchmark.overall.best)} · {t('percentile', lang)}{c}{_rank(ev.benchmark.overall.percentile)}",
    ])
    by_stage = Section(t("by_stage", lang), header=[
        t("stage", lang), t("score", lang), t("level", lang), t("coverage", lang), t("peers", lang),
        t("peer_median", lang), t("peer_best", lang), t("best_factory", lang), t("percentile", lang)])
    for stage, sc in s.by_stage.items():
        b = ev.benchmark.by_stage[stage]
        by_stage.ids.append(stage)
        by_stage.rows.append([graph.name(stage, lang), _num(sc.score), f"{sc.level} {level_name(sc.level, lang)}",
                              _pct(sc.coverage), str(len(b.peers)), _num(b.median), _num(b.best),
                              graph.name(b.best_factory, lang) if b.best_factory else "—", _rank(b.percentile)])
    by_domain = Section(t("by_domain", lang), header=[t("domain", lang), t("score", lang), t("level", lang),
                                                       t("coverage", lang)])
    for dom, sc in s.by_domain.items():
        by_domain.ids.append(dom)
        by_domain.rows.append([graph.name(dom, lang), _num(sc.score), f"{sc.level} {level_name(sc.level, lang)}",
                               _pct(sc.coverage)])
    gap_sec = Section(f"{t('gaps', lang)} ({t('target_level', lang)} {ev.roadmap.target_level})",
                      [] if ev.gaps else [t("no_gaps", lang)],
                      [t("scenarios", lang), t("current", lang), t("target_level", lang), t("sourced_effect", lang),
                       t("grade", lang), t("importance", lang), t("kpis", lang), t("measures", lang),
                       t("policy_targets", lang)])
    for gp in ev.gaps:
        gap_sec.ids.append(gp.scenario)
        gap_sec.rows.append([graph.name(gp.scenario, lang), str(gp.current), str(gp.target),
                             effect_tier_text(gp.effect, lang), gp.grade or "—", str(gp.importance),
                             _names(graph, gp.kpis, lang) or "—", _names(graph, gp.measures, lang) or "—",
                             _names(graph, gp.targets, lang) or "—"])
    road = Section(t("roadmap", lang), header=[t("wave", lang), t("step", lang), t("why", lang)])
    for w in ev.roadmap.waves:
        for st in w.steps:
            road.ids.append(st.id)
            road.rows.append([t("wave_within", lang).format(n=w.index, m=w.months), _step_title(graph, st, lang),
                              _step_why(graph, st, lang)])
    return [head, by_stage, by_domain, gap_sec, road, *value_sections(graph, ev, lang),
            Section(t("method", lang), [t("method_text", lang)])]


def value_sections(graph: ScenarioGraph, ev: Evaluation, lang: Lang) -> list[Section]:
    """What each roadmap step is worth to the plant (its saved profile), and the whole plan without counting a
    saving twice: the same figures as the page (assess.value, present.value)."""
    rm, profile = ev.roadmap, ev.assessment.profile
    if not rm.steps:
        return []
    ids = [s.id for s in rm.steps]
    rows, row_ids = value_rows(graph, rm, step_values(graph, ids, profile), lang)
    total = plan_value(graph, ids, profile)
    line = total_line(total, lang)
    out = [Section(t("val_title", lang), [t("val_help", lang), line], value_header(lang), rows, row_ids)]
    distances = policy_distance(graph, profile, total, ev.assessment.stages)
    if distances:
        d_rows, d_ids = distance_rows(graph, distances, lang)
        text = ([] if any(d.current is not None for d in distances) else [t("dist_none", lang)]) + \
            distance_notes(graph, distances, lang)
        out.append(Section(t("dist_title", lang), text, distance_header(lang), d_rows, d_ids))
    return out


def _step_title(graph: ScenarioGraph, step, lang: Lang) -> str:
    if step.kind == "technology":
        return f"{t('technology_step', lang)}{t('colon', lang)}{graph.name(step.id, lang)}"
    return f"{graph.name(step.id, lang)}{t('colon', lang)}{step.from_level} → {step.to_level}"


def _with_stages(graph: ScenarioGraph, ids, lang: Lang) -> str:
    """Scenarios of other stages, each with the stages it applies at: 'PFC monitoring (Aluminium electrolysis)'."""
    return t("list_sep", lang).join(
        graph.name(i, lang) + t("paren", lang).format(_names(graph, graph.stages_of(i), lang)) if i in graph else i
        for i in ids)


def _step_why(graph: ScenarioGraph, step, lang: Lang) -> str:
    colon = t("colon", lang)
    parts = [t("prerequisite_step", lang)] if step.prerequisite_only else []
    if step.kind == "scenario":
        effect = effect_tier_text(step.effect, lang)
        parts.append(f"{effect[:1].upper()}{effect[1:]} · {t('grade', lang)}{colon}{step.grade or '—'}")
    if step.external:  # what the plan cannot schedule comes early, where the cut-off column still shows it
        parts.append(f"{t('other_stage', lang)}{colon}{_with_stages(graph, step.external, lang)}")
    for key, ids in (("kpis", step.kpis), ("measures", step.measures), ("policy_targets", step.targets),
                     ("unlocks", step.unlocks), ("waits_for", step.after)):
        if ids:
            parts.append(f"{t(key, lang)}{colon}{_names(graph, ids, lang)}")
    return t("clause_sep", lang).join(parts) or "—"


def roadmap_waves(ev: Evaluation) -> list[tuple[int, int, list[tuple[str, str]]]]:
    out: list[tuple[int, int, list[tuple[str, str]]]] = []
    start = 0
    for w in ev.roadmap.waves:
        out.append((start, w.months, [(s.id, s.kind) for s in w.steps]))
        start = w.months
    return out


def charts(graph: ScenarioGraph, ev: Evaluation, lang: Lang) -> list[go.Figure]:
    s, b = ev.scores, ev.benchmark
    figs = [
        score_radar(graph, {k: v.score for k, v in s.by_domain.items()}, lang, t("by_domain", lang)),
        score_radar(graph, {k: v.score for k, v in s.by_stage.items()}, lang, t("by_stage", lang),
                    {k: b.by_stage[k].median for k in s.by_stage}),
        benchmark_bars(graph, [(k, v.score, b.by_stage[k].median, b.by_stage[k].best) for k, v in s.by_stage.items()],
                       lang),
    ]
    if ev.roadmap.waves:
        figs.append(roadmap_timeline(graph, roadmap_waves(ev), lang))
    return figs


def _md_line(text: str) -> str:
    """A section's line: its own **bold** kept, every name in it (data) made inert (scenegraph.base.inert)."""
    return "".join(f"**{inert.md(part)}**" if bold else inert.md(part) for bold, part in bold_runs(text))


def _md_cell(text: str) -> str:
    return inert.md(text).replace("  \n", " ")


def report_markdown(graph: ScenarioGraph, ev: Evaluation, lang: Lang = "zh") -> str:
    lines = [f"# {t('report_title', lang)}", ""]
    if release := release_line(graph.release, lang):
        lines += [inert.md(release), ""]
    for sec in sections(graph, ev, lang):
        lines += [f"## {sec.title}", ""]
        lines += [f"- {_md_line(x)}" if len(sec.text) > 1 else _md_line(x) for x in sec.text]
        if sec.text:
            lines.append("")
        if sec.rows:
            lines.append("| " + " | ".join(map(_md_cell, sec.header)) + " |")
            lines.append("|" + "---|" * len(sec.header))
            lines += ["| " + " | ".join(map(_md_cell, r)) + " |" for r in sec.rows]
            lines.append("")
    return "\n".join(lines)


def bold_runs(text: str) -> list[tuple[bool, str]]:
    """The **bold** of the Markdown sections as (bold, text) runs, for the template to escape and mark up."""
    return [(i % 2 == 1, part) for i, part in enumerate(text.split("**")) if part]


def report_html(graph: ScenarioGraph, ev: Evaluation, lang: Lang = "zh") -> str:
    """One file that opens anywhere offline: plotly.js is inlined once, every text escaped by the template."""
    figs = charts(graph, ev, lang)
    # plotly's own markup (its data JSON-encoded by plotly); everything else is escaped by the template
    chart_html = [Markup(f.to_html(full_html=False, include_plotlyjs=(i == 0), config={"displaylogo": False}))
                  for i, f in enumerate(figs)]
    secs = [{"title": sec.title, "text": [bold_runs(x) for x in sec.text], "header": sec.header,
             "rows": sec.rows, "is_roadmap": sec.title == t("roadmap", lang)} for sec in sections(graph, ev, lang)]
    return render("assessment_report.html", lang=lang, heading=t("report_title", lang),
                  release=release_line(graph.release, lang),
                  title=f"{t('report_title', lang)} · {ev.assessment.name}", sections=secs,
                  top_charts=chart_html[:2], wide_charts=chart_html[2:3], roadmap_charts=chart_html[3:])
